import { Fragment, useDeferredValue, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { LocationOverview } from '../../../../shared/bridge';
import { SORT_LABELS, accountText, attentionReasons, boardCsv, filterRows, needsAttention, sortRows } from '../../../../shared/domain/board';
import type { SortDirection, SortKey } from '../../../../shared/domain/board';
import { steps } from '../../../../shared/domain/steps';
import { StepMark, stateLabel } from '../../components/ui';
import { count, formatDateTime } from '../../format';
import { useShell } from '../../store';
import type { SyncAllRun } from '../../store';
import { downloadText } from '../../components/document-parts';
import { ReadinessBadge, ReadinessList } from '../../components/Readiness';

/**
 * The columns that fit at 1366×768 (a school laptop: 1,034 px beside the navigation), by priority; the account,
 * the school year, refused changes and every open point are in the row's detail (and in the CSV).
 */
const COLUMNS: readonly SortKey[] = ['brin6', 'name', 'steps', 'attention', 'pending', 'lastSuccessAt'];

/**
 * "Mijn schoollocaties" for a school board: one row per location, sortable, searchable by BRIN6 or name, a filter
 * for what needs attention, CSV of what is shown. Rows are focusable; Enter (or a click) opens the location; the
 * row's "Details" shows the rest.
 */
export function LocationsTable({ locations, onRemove }: { locations: readonly LocationOverview[]; onRemove: (location: LocationOverview) => void }) {
  const [query, setQuery] = useState('');
  const [attentionOnly, setAttentionOnly] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'brin6', direction: 'ascending' });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (brin6: string) =>
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(brin6)) next.add(brin6);
      return next;
    });
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
              const expanded = open.has(l.brin6);
              return (
                <Fragment key={l.brin6}>
                  <tr
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
                    <td className="board-name" title={l.name}>
                      {l.name}
                    </td>
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
                    <td className={reasons.length > 0 ? 'attention-cell' : ''} data-testid={`stand-${l.brin6}`}>
                      <ReadinessBadge location={l} />
                      {reasons.length > 0 && <span className="attention-mark"> · aandacht</span>}
                    </td>
                    <td className="number">{l.pending === 0 ? '—' : l.pending}</td>
                    <td>{l.lastSuccessAt ? formatDateTime(l.lastSuccessAt) : 'Nog niet'}</td>
                    {syncAll && <td data-testid={`sync-${l.brin6}`}>{syncText(syncAll, l.brin6)}</td>}
                    <td className="row-actions">
                      <button type="button" className="button button-quiet button-small" onClick={() => selectLocation(l.brin6)}>
                        Openen<span className="visually-hidden"> {l.brin6}</span>
                      </button>
                      <button
                        type="button"
                        className="button button-quiet button-small"
                        aria-expanded={expanded}
                        aria-controls={`detail-${l.brin6}`}
                        onClick={() => toggle(l.brin6)}
                        data-testid={`details-${l.brin6}`}
                      >
                        Details<span className="visually-hidden"> {l.brin6}</span>
                      </button>
                    </td>
                  </tr>
                  {expanded && (
                    <tr className="row-detail" id={`detail-${l.brin6}`} data-testid={`detail-${l.brin6}`}>
                      <td colSpan={COLUMNS.length + (syncAll ? 2 : 1)}>
                        <RowDetail location={l} reasons={reasons} onRemove={() => onRemove(l)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
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

/** What does not fit in the row: the full name, account, school year, refusals, every open point with its link. */
function RowDetail({ location: l, reasons, onRemove }: { location: LocationOverview; reasons: readonly string[]; onRemove: () => void }) {
  const syncReasons = reasons.filter((r) => !r.startsWith('Stap '));
  return (
    <div className="row-detail-body">
      <dl className="facts">
        <div>
          <dt>Naam</dt>
          <dd>{l.name}</dd>
        </div>
        <div>
          <dt>Account</dt>
          <dd>{accountText(l)}</dd>
        </div>
        <div>
          <dt>Schooljaar</dt>
          <dd className={l.schoolYearCurrent === false ? 'warning-text' : ''}>{l.schooljaar ?? 'Nog geen bestand bevestigd'}</dd>
        </div>
        <div>
          <dt>Vertraagd / geweigerd</dt>
          <dd>{problemText(l)}</dd>
        </div>
      </dl>
      {syncReasons.length > 0 && (
        <ul className="warnings">
          {syncReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <ReadinessList location={l} testId={`readiness-${l.brin6}`} />
      <button type="button" className="button button-quiet button-small" onClick={onRemove}>
        Verwijderen…<span className="visually-hidden"> {l.brin6}</span>
      </button>
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
