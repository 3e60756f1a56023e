import { describe, expect, it } from 'vitest';
import { windowTitle } from '../../renderer/src/title';

describe('the window title says where the admin is (issue 33, point 6)', () => {
  it('step and location, another screen and location, or the overview', () => {
    const noord = { name: 'Locatie Noord' };
    expect(windowTitle('confirm-school', noord)).toBe('Stap 3 · Locatie Noord · Beheerconsole');
    expect(windowTitle('invite', noord)).toBe('Stap 8 · Locatie Noord · Beheerconsole');
    expect(windowTitle('audit', noord)).toBe('Logboek · Locatie Noord · Beheerconsole');
    expect(windowTitle('overview', noord)).toBe('Mijn schoollocaties · Beheerconsole');
    expect(windowTitle('sign-in', null)).toBe('Mijn schoollocaties · Beheerconsole');
  });
});
