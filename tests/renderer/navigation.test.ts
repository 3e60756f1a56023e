import { describe, expect, it } from 'vitest';
import { useShell } from '../../renderer/src/store';

/**
 * An answer may move the screen only if the admin has not gone elsewhere since the action started (issue 33: after
 * Bevestigen, a click on step 6 made before the answer arrived was undone — the app opened step 4 anyway).
 */
describe("the admin's navigation wins over an answer", () => {
  it('moves after the answer when the admin stayed; never when they went elsewhere, even if they came back', () => {
    const shell = () => useShell.getState();
    shell().go('confirm-school');
    let since = shell().moves;
    expect(shell().goAfter(since, 'load-planner')).toBe(true);
    expect(shell().view).toBe('load-planner');

    shell().go('confirm-school');
    since = shell().moves;
    shell().go('add-users'); // clicked while the confirm ran
    expect(shell().goAfter(since, 'load-planner')).toBe(false);
    expect(shell().view).toBe('add-users');

    since = shell().moves;
    shell().go('audit');
    shell().go('add-users'); // away and back: still the admin's own navigation
    expect(shell().goAfter(since, 'load-planner')).toBe(false);
    expect(shell().view).toBe('add-users');

    // Going to the screen one is already on is no move.
    since = shell().moves;
    shell().go('add-users');
    expect(shell().goAfter(since, 'invite')).toBe(true);
  });
});
