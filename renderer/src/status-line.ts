import type { SyncStatus } from '../../shared/bridge';
import { formatNumber } from './format';

/**
 * The status bar's queue line, about the location on screen (issue 33: "28 wijzigingen wachten" summed every location
 * while the bar named one, which had none). What waits elsewhere is said as such: "· en 28 elders". Without a
 * location on screen (the overview), the total.
 */
export function queueLine(status: Pick<SyncStatus, 'pendingChanges' | 'locations'> | null, current: string | null): string {
  if (!status) return '';
  const changes = (n: number) => (n === 1 ? '1 wijziging' : `${formatNumber(n)} wijzigingen`);
  const here = current ? status.locations.find((l) => l.brin6 === current) : undefined;
  if (!current || !here) {
    if (status.pendingChanges === 0) return 'Geen wijzigingen in de wachtrij';
    return `${changes(status.pendingChanges)} ${status.pendingChanges === 1 ? 'wacht' : 'wachten'} op verzending`;
  }
  const elsewhere = status.locations.filter((l) => l.brin6 !== current).reduce((sum, l) => sum + l.pending, 0);
  const own = here.pending === 0 ? `Geen wijzigingen van ${current} in de wachtrij` : `${changes(here.pending)} van ${current} ${here.pending === 1 ? 'wacht' : 'wachten'} op verzending`;
  return elsewhere === 0 ? own : `${own} · en ${formatNumber(elsewhere)} elders`;
}
