import { useDeferredValue, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { LocationOverview } from '../../../../shared/bridge';
import { SORT_LABELS, attentionReasons, boardCsv, filterRows, needsAttention, sortRows } from '../../../../shared/domain/board';
import type { SortDirection, SortKey } from '../../../../shared/domain/board';
import { steps } from '../../../../shared/domain/steps';
import { StepMark, stateLabel } from '../../components/ui';
import { count, formatDateTime } from '../../format';
import { useShell } from '../../store';
import type { SyncAllRun } from '../../store';
import { downloadText } from '../../components/document-parts';

const COLUMNS: readonly SortKey[] = ['brin6', 'name', 'steps', 'account', 'pending', 'problems', 'lastSuccessAt', 'schooljaar', 'attention'];

/**
 * "Mijn schoollocaties" for a school board: one row per location, sortable, searchable by BRIN6 or name, a filter
 * for what needs attention, CSV of what is shown. Rows are focusable; Enter (or a click) opens the location.
 */
export function LocationsTable({ locations, onRemove }: { locations: readonly LocationOverview[]; onRemove: (location: LocationOverview) => void }) {
  const [query, setQuery] = useState('');
  const [attentionOnly, setAttentionOnly] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'brin6', direction: 'ascending' });
  const selectLocation = useShell((s) => s.selectLocation);
  const current = useShell((s) => s.current);
  const syncAll = useShell((s) => s.syncAll);
  const deferredQuery = useDeferredValue(query);
  const rows = useMemo(
    () => sortRows(filterRows(locations, { query: deferredQuery, attentionOnly }), sort.key, sort.direction),
    [locations, deferredQuery, attentionOnly, sort],
  );
  const attention = useMemo(() => locations.filter(needsAttention).length, [locations]);

  const toggleSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: key === 'attention' || key === 'problems' || key === 'pending' ? 'descending' : 'ascending' }));
  const exportCsv = () => {
    const { fileName, csv } = boardCsv(rows, new Date(), formatDateTime);
    downloadText(`\ufeff${csv}`, fileName, 'text/csv;charset=utf-8');
  };
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, brin6: string) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      selectLocation(brin6);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  };

  return (
    <div className="board" data-testid="locations-table-view">
      <div className="board-toolbar" role="search">
        <label className="board-search">
          <span>Zoek op BRIN6 of naam</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="board-search" />
        </label>
        <label className="board-filter">
          <input type="checkbox" checked={attentionOnly} onChange={(e) => setAttentionOnly(e.target.checked)} data-testid="board-attention-only" />
          <span>
            Alleen wat aandacht nodig heeft <span className="code">({attention})</span>
          </span>
        </label>
        <button type="button" className="button" onClick={exportCsv} data-testid="board-export">
          Exporteren (CSV)
        </button>
      </div>
      <p className="board-count" role="status" data-testid="board-count">
        {rows.length === locations.length ? `${count(locations.length, 'locatie', 'locaties')}` : `${rows.length} van ${locations.length} locaties`}
        {attention > 0 && ` · ${count(attention, 'locatie vraagt', 'locaties vragen')} aandacht`}
      </p>
      <div className="table-scroll">
        <table className="board-table" data-testid="locations-table" aria-label="Schoollocaties" aria-describedby="board-help">
          <thead>
            <tr>
              {COLUMNS.map((key) => (
                <th key={key} scope="col" aria-sort={sort.key === key ? sort.direction : 'none'}>
                  <button type="button" className="sort-button" onClick={() => toggleSort(key)} data-testid={`sort-${key}`}>
                    {SORT_LABELS[key]}
                    <span aria-hidden="true" className="sort-mark">
                      {sort.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
              {syncAll && <th scope="col">Synchronisatie</th>}
              <th scope="col">
                <span className="visually-hidden">Acties</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => {
              const reasons = attentionReasons(l);
              return (
                <tr
                  key={l.brin6}
                  tabIndex={0}
                  className={`${l.brin6 === current ? 'is-current' : ''} ${reasons.length > 0 ? 'needs-attention' : ''}`}
                  onKeyDown={(e) => onRowKey(e, l.brin6)}
                  onClick={(e) => {
                    if (!(e.target as HTMLElement).closest('button')) selectLocation(l.brin6);
                  }}
                  aria-label={`${l.name} (${l.brin6})${reasons.length > 0 ? `, vraagt aandacht` : ''}`}
                  data-testid={`row-${l.brin6}`}
                >
                  <td className="code">{l.brin6}</td>
                  <td>{l.name}</td>
                  <td>
                    <ol className="marks" aria-label={`Stappen ${l.brin6}`}>
                      {l.steps.map((p) => {
                        const step = steps.find((s) => s.id === p.id)!;
                        return (
                          <li key={p.id} title={`${step.number}. ${step.screen}: ${p.note}`} data-state={p.state}>
                            <StepMark state={p.state} number={step.number} />
                            <span className="visually-hidden">
                              {step.number}. {step.screen}: {stateLabel(p.state)}
                            </span>
                          </li>
                        );
                      })}
                    </ol>
                  </td>
                  <td>{l.signedIn ? 'Aangemeld' : 'Niet aangemeld'}</td>
                  <td className="number">{l.pending === 0 ? '—' : l.pending}</td>
                  <td className="number">{problemText(l)}</td>
                  <td>{l.lastSuccessAt ? formatDateTime(l.lastSuccessAt) : 'Nog niet'}</td>
                  <td className={l.schoolYearCurrent === false ? 'warning-text' : ''}>{l.schooljaar ?? '—'}</td>
                  <td className="attention-cell">{reasons.length === 0 ? <span className="muted">In orde</span> : reasons.join(' · ')}</td>
                  {syncAll && <td data-testid={`sync-${l.brin6}`}>{syncText(syncAll, l.brin6)}</td>}
                  <td>
                    <button type="button" className="button button-quiet button-small" onClick={() => selectLocation(l.brin6)}>
                      Openen<span className="visually-hidden"> {l.brin6}</span>
                    </button>
                    <button type="button" className="button button-quiet button-small" onClick={() => onRemove(l)}>
                      Verwijderen…<span className="visually-hidden"> {l.brin6}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && (
        <p className="empty-title" data-testid="board-empty">
          {attentionOnly && deferredQuery === '' ? 'Geen locatie vraagt nu aandacht.' : `Geen locatie gevonden met “${deferredQuery}”.`}
        </p>
      )}
      <p id="board-help" className="hint">
        Tab naar een rij en druk op Enter om de locatie te openen; met ↑ en ↓ ga je naar de vorige of volgende rij.
      </p>
    </div>
  );
}

function problemText(l: LocationOverview): string {
  const parts = [l.delayed > 0 ? `${l.delayed} vertraagd` : '', l.failed > 0 ? `${l.failed} geweigerd` : '', l.conflicts > 0 ? `${l.conflicts} conflict${l.conflicts === 1 ? '' : 'en'}` : ''].filter(Boolean);
  return parts.length === 0 ? '—' : parts.join(', ');
}

function syncText(run: SyncAllRun, brin6: string): string {
  const round = run.rounds[brin6];
  if (round) {
    switch (round.outcome) {
      case 'ok':
        return round.sent > 0 ? `Klaar: ${round.sent} verstuurd` : 'Klaar';
      case 'offline':
        return 'Geen verbinding';
      case 'sign-in':
        return 'Opnieuw aanmelden';
      case 'error':
        return 'Fout (zie aandacht)';
    }
  }
  if (!run.signedIn.includes(brin6)) return 'Niet aangemeld';
  return run.running ? 'Bezig…' : '—';
}
