import { describe, expect, it } from 'vitest';
import { useShell } from '../../renderer/src/store';

describe('"Alles synchroniseren" follows the latest round (issue 33, point 3)', () => {
  it('a later automatic round replaces "Geen verbinding" in the finished result; Sluiten clears it', () => {
    useShell.setState({
      syncAll: { running: false, signedIn: ['99ZX10', '99ZX11'], rounds: { '99ZX10': { brin6: '99ZX10', outcome: 'offline', sent: 0, failed: 0, pending: 3 } }, notSignedIn: [], error: null },
    });
    useShell.getState().syncRound({ brin6: '99ZX10', outcome: 'ok', sent: 3, failed: 0, pending: 0 });
    useShell.getState().syncRound({ brin6: '99ZX11', outcome: 'ok', sent: 0, failed: 0, pending: 0 });
    expect(Object.values(useShell.getState().syncAll!.rounds).map((r) => [r.brin6, r.outcome])).toEqual([
      ['99ZX10', 'ok'],
      ['99ZX11', 'ok'],
    ]);
    useShell.getState().dismissSyncAll();
    expect(useShell.getState().syncAll).toBeNull();
    // Without a result on screen a round changes nothing here.
    useShell.getState().syncRound({ brin6: '99ZX10', outcome: 'ok', sent: 0, failed: 0, pending: 0 });
    expect(useShell.getState().syncAll).toBeNull();
  });
});
