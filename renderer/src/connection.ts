import type { LocationOverview } from '../../shared/bridge';
import { connectionView } from '../../shared/domain/connection';
import type { ConnectionView } from '../../shared/domain/connection';
import { formatTime } from './format';
import { useShell } from './store';

/** The current location's row of the overview (its steps, queue, warnings). */
export function useCurrentLocation(): LocationOverview | null {
  return useShell((s) => s.locations.find((l) => l.brin6 === s.current) ?? null);
}

/** The one connection model (shared/domain/connection.ts) for the location the screens are about. */
export function useConnection(): ConnectionView {
  const status = useShell((s) => s.status);
  const current = useShell((s) => s.current);
  const row = status?.locations.find((l) => l.brin6 === current) ?? null;
  const located = useCurrentLocation();
  return connectionView(
    {
      connection: status?.connection ?? 'unknown',
      offlineSince: status?.offlineSince ?? null,
      problem: status?.problem ?? null,
      location: located ? { brin6: located.brin6, signedIn: row?.signedIn ?? located.signedIn, signInRefused: row?.signInRefused ?? null } : null,
    },
    formatTime,
  );
}

