import { useEffect, useMemo, useState } from 'react';
import type { RosterClass, RosterPupil } from '../../../../shared/bridge';
import { VirtualList } from '../../components/VirtualList';
import { checkWaitLine } from '../../../../shared/domain/check';
import { SyncNowButton } from '../sync/SyncNow';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { groupsText, count, formatNumber } from '../../format';
import { useLocation, useShell } from '../../store';
import { useQuery } from '../../hooks/useQuery';
import { useCurrentLocation } from '../../connection';
import { ClassPupilsCard, PupilList } from './roster-parts';

const CLASS_STATUS: Record<RosterClass['status'], string> = {
  ok: 'compleet',
  mismatch: 'wijkt af',
  'only-import': 'ontbreekt bij de dienst',
  'only-service': 'niet in het bestand',
};


/**
 * Step 5: per class, the pupils of the confirmed import against the pupils at the service. Differences are
 * highlighted; all green means the step is done.
 */
export function CheckStep() {
  const location = useCurrentLocation()!;
  const roster = useLocation((s) => s.roster);
  const error = useLocation((s) => s.error);
  const loadRoster = useLocation((s) => s.loadRoster);
  const setError = useLocation((s) => s.setError);
  const syncTick = useShell((s) => s.syncTick);
  const go = useShell((s) => s.go);
  const [selected, setSelected] = useState<string | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [query, setQuery] = useState('');

  useEffect(() => {
    void loadRoster();
  }, [loadRoster, syncTick]);

  const classes = useMemo(
    () => (roster ? (onlyProblems ? roster.classes.filter((c) => c.status !== 'ok') : roster.classes) : []),
    [roster, onlyProblems],
  );

  if (!roster) return <Spinner label="Gegevens laden…" />;
  // Compared only when the service has this very import (shared/domain/check.ts): queued is "not sent yet", not an alarm.
  const ready = roster.readiness === 'ready';
  const allGreen = ready && roster.totals.mismatched === 0 && roster.totals.classes > 0;
  const wait = roster.readiness === 'ready' ? null : checkWaitLine(roster.readiness, location.signedIn);

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={5}>Controleren</ScreenTitle>
      <p className="lead">
        Controleer of alle klassen en alle leerlingen van BRIN6 <span className="code">{location.brin6}</span> beschikbaar zijn bij de
        centrale dienst (digitale planner en antwoordbladen).
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />

      {wait ? (
        <EmptyState title={wait.title} testId="check-empty">
          <p data-testid="check-wait" data-readiness={roster.readiness}>
            {wait.text}
          </p>
          <div className="actions actions-center">
            {roster.readiness === 'no-import' ? (
              <button type="button" className="button button-primary" onClick={() => go('confirm-school')}>
                Naar stap 3
              </button>
            ) : (
              <>
                {location.signedIn ? (
                  <SyncNowButton brin6={location.brin6} testId="check-sync-now" onDone={loadRoster} />
                ) : (
                  <button type="button" className="button button-primary" onClick={() => go('sign-in')}>
                    Aanmelden (stap 1)
                  </button>
                )}
                <button type="button" className="button" onClick={() => go('load-planner')}>
                  Naar stap 4
                </button>
              </>
            )}
          </div>
        </EmptyState>
      ) : (
        <>
          {allGreen ? (
            <Notice level="success" testId="check-summary">
              Alle {groupsText(roster.classes)} {roster.classes.length === 1 ? 'is' : 'zijn'} compleet: {formatNumber(roster.totals.pupilsAtService)} van{' '}
              {formatNumber(roster.totals.pupilsInImport)} leerlingen staan bij de centrale dienst.
            </Notice>
          ) : (
            <Notice level="error" testId="check-summary">
              {count(roster.totals.mismatched, 'klas wijkt', 'klassen wijken')} af van het bevestigde bestand. Kies een klas om te zien welke
              leerlingen ontbreken of te veel zijn. Klopt het bestand niet? Importeer het opnieuw (stap 2). Klopt de dienst niet? Mail
              klantenservice@cito.nl.
            </Notice>
          )}
          <PupilSearch query={query} setQuery={setQuery} />
          {query.trim() === '' && (
            <div className="split">
              <div className="card">
                <div className="list-tools">
                  <h3 className="section-heading">Klassen</h3>
                  <label className="checkbox">
                    <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
                    Alleen afwijkingen
                  </label>
                </div>
                <div className="list-head" aria-hidden="true">
                  <span className="cell-name">Klas</span>
                  <span className="cell-count">Bestand</span>
                  <span className="cell-count">Dienst</span>
                </div>
                {classes.length === 0 ? (
                  <p className="hint">Geen afwijkende klassen.</p>
                ) : (
                  <VirtualList<RosterClass>
                    items={classes}
                    label="Klassen vergeleken"
                    getKey={(c) => c.key}
                    testId="check-classes"
                    rowClassName={(c) => `row-${c.status === 'ok' ? 'ok' : 'bad'} ${c.key === selected ? 'is-selected' : ''}`}
                    render={(c) => (
                      <button
                        type="button"
                        className="row-button"
                        aria-pressed={c.key === selected}
                        onClick={() => setSelected(c.key)}
                        data-testid={`class-${c.key}`}
                        data-status={c.status}
                      >
                        <span className="cell-name">
                          <span className={`dot dot-${c.status === 'ok' ? 'ok' : 'bad'}`} aria-hidden="true" />
                          {c.naam}
                          <span className="visually-hidden"> ({CLASS_STATUS[c.status]})</span>
                        </span>
                        <span className="cell-count">
                          <span className="visually-hidden">bestand </span>
                          {c.inImport === null ? '—' : formatNumber(c.inImport)}
                        </span>
                        <span className="cell-count">
                          <span className="visually-hidden">, dienst </span>
                          {c.atService === null ? '—' : formatNumber(c.atService)}
                        </span>
                      </button>
                    )}
                  />
                )}
              </div>
              <ClassPupilsCard roster={roster} selected={selected} hint="Dan zie je per leerling of de centrale dienst hem heeft." />
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Search a pupil by name or key across the import and the service (main searches; at most 200 hits). */
function PupilSearch({ query, setQuery }: { query: string; setQuery: (q: string) => void }) {
  const brin6 = useLocation((s) => s.brin6);
  const q = query.trim();
  // Asked once the typing pauses; an answer for an earlier query (or another location) never shows (useQuery).
  const search = useQuery('roster:search-pupils', brin6 && q !== '' ? { brin6, query: q } : null, { debounceMs: 150 });
  const list: RosterPupil[] | null = search.data;
  const error = search.error;
  return (
    <div className="card search" role="search">
      <div className="field">
        <label htmlFor="pupil-search">Zoek een leerling op naam of leerlingsleutel</label>
        <input id="pupil-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" data-testid="pupil-search" />
      </div>
      <ErrorNotice error={error} />
      {q !== '' &&
        (list === null ? (
          <Spinner label="Zoeken…" />
        ) : list.length === 0 ? (
          <p className="hint" data-testid="search-none">
            Geen leerling gevonden met “{q}”.
          </p>
        ) : (
          <>
            <p className="hint" data-testid="search-count">
              {list.length >= 200 ? 'De eerste 200 treffers; typ meer om te verfijnen.' : count(list.length, 'treffer', 'treffers')}
            </p>
            <PupilList pupils={list} label="Zoekresultaten" />
          </>
        ))}
    </div>
  );
}
