import { describe, expect, it } from 'vitest';
import { queueLine } from '../../renderer/src/status-line';

const status = (pending: Record<string, number>) => ({
  pendingChanges: Object.values(pending).reduce((a, b) => a + b, 0),
  locations: Object.entries(pending).map(([brin6, n]) => ({ brin6, pending: n })) as never,
});

describe('the status bar speaks of the location on screen (issue 33, point 3)', () => {
  it('"28 wijzigingen wachten" no longer sums every location while naming one that has none', () => {
    expect(queueLine(status({ '99ZX10': 28, '99ZX11': 0 }), '99ZX11')).toBe('Geen wijzigingen van 99ZX11 in de wachtrij · en 28 elders');
    expect(queueLine(status({ '99ZX10': 28, '99ZX11': 1 }), '99ZX11')).toBe('1 wijziging van 99ZX11 wacht op verzending · en 28 elders');
    expect(queueLine(status({ '99ZX10': 2 }), '99ZX10')).toBe('2 wijzigingen van 99ZX10 wachten op verzending');
  });

  it('without a location on screen (the overview): the total', () => {
    expect(queueLine(status({ '99ZX10': 1200, '99ZX11': 34 }), null)).toBe('1.234 wijzigingen wachten op verzending');
    expect(queueLine(status({}), null)).toBe('Geen wijzigingen in de wachtrij');
    expect(queueLine(null, null)).toBe('');
  });
});
