import { useEffect, useState } from 'react';
import type { RosterClass } from '../../../../shared/bridge';
import { SyncNowButton } from '../sync/SyncNow';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { groupsText, count, formatDateTime, formatNumber } from '../../format';
import { useLocation, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';
import { ClassPupilsCard } from './roster-parts';

/** Step 4: after sync, the classes and pupils the central service holds for this location. */
export function PortalStep() {
  const location = useCurrentLocation()!;
  const roster = useLocation((s) => s.roster);
  const error = useLocation((s) => s.error);
  const loadRoster = useLocation((s) => s.loadRoster);
  const setError = useLocation((s) => s.setError);
  const syncTick = useShell((s) => s.syncTick);
  const go = useShell((s) => s.go);
  const [selected, setSelected] = useState<string | null>(null);
  const step = location.steps.find((s) => s.id === 'load-planner')!;

  useEffect(() => {
    void loadRoster();
  }, [loadRoster, syncTick]);

  const atService = roster?.classes.filter((c) => c.atService !== null) ?? [];

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={4}>Beschikbaar in het portaal</ScreenTitle>
      <p className="lead">
        Na stap 3 worden de leerlingen en klassen uit het EDEXML-bestand automatisch geladen in de digitale planner en de module voor het
        bestellen van antwoordbladen in de Cito Portal. Hier zie je wat de centrale dienst van <span className="code">{location.brin6}</span>{' '}
        heeft.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />

      <Notice level={step.state === 'done' ? 'success' : step.state === 'attention' ? 'error' : 'info'} testId="portal-state">
        {step.note}
        {roster?.fetchedAt && <> Opgehaald: {formatDateTime(roster.fetchedAt)}.</>}
      </Notice>

      <div className="actions">
        <SyncNowButton brin6={location.brin6} onDone={loadRoster} />
        {!location.signedIn && (
          <button type="button" className="button button-primary" onClick={() => go('sign-in')}>
            Aanmelden (stap 1)
          </button>
        )}
        {step.state === 'done' && (
          <button type="button" className="button button-primary" onClick={() => go('check-availability')}>
            Naar stap 5: controleren
          </button>
        )}
      </div>

      {!roster ? (
        <Spinner label="Gegevens laden…" />
      ) : atService.length === 0 ? (
        <EmptyState title="De centrale dienst heeft nog geen klassen van deze locatie" testId="portal-empty">
          <p>
            {roster.hasConfirmedImport
              ? location.signedIn
                ? 'De bevestigde gegevens worden verstuurd en daarna opgehaald. Dit scherm werkt zichzelf bij.'
                : 'De bevestigde gegevens staan klaar en worden verstuurd zodra je bent aangemeld.'
              : 'Bevestig eerst de schoolgegevens in stap 3.'}
          </p>
        </EmptyState>
      ) : (
        <div className="split">
          <div className="card">
            <h3 className="section-heading" data-testid="portal-totals">
              {groupsText(atService)}, {count(roster.totals.pupilsAtService, 'leerling', 'leerlingen')} bij de centrale dienst
            </h3>
            <div className="list-head" aria-hidden="true">
              <span className="cell-name">Klas</span>
              <span className="cell-class">Jaargroep</span>
              <span className="cell-count">Leerlingen</span>
            </div>
            <VirtualList<RosterClass>
              items={atService}
              label="Klassen bij de centrale dienst"
              getKey={(c) => c.key}
              testId="portal-classes"
              rowClassName={(c) => (c.key === selected ? 'is-selected' : '')}
              render={(c) => (
                <button type="button" className="row-button" aria-pressed={c.key === selected} onClick={() => setSelected(c.key)} data-testid={`portal-class-${c.key}`}>
                  <span className="cell-name">
                    {c.naam}
                    {c.samengesteld && <span className="subtle"> · clustergroep</span>}
                  </span>
                  <span className="cell-class">
                    <span className="visually-hidden">jaargroep </span>
                    {c.jaargroep ?? '—'}
                  </span>
                  <span className="cell-count">
                    <span className="visually-hidden">, leerlingen </span>
                    {formatNumber(c.atService ?? 0)}
                  </span>
                </button>
              )}
            />
          </div>
          <ClassPupilsCard roster={roster} selected={selected} hint="Dan zie je welke leerlingen de centrale dienst in die klas heeft." />
        </div>
      )}
    </section>
  );
}
