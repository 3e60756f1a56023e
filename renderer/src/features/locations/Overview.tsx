import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { fieldRefusal } from '../../../../shared/bridge';
import type { BridgeError, LocationOverview } from '../../../../shared/bridge';
import { parseBrin6 } from '../../../../shared/domain/brin';
import { GLOSSARY } from '../../../../shared/domain/glossary';
import { TextField } from '../../components/form';
import { focusFirstIssue, useAction } from '../../hooks/useAction';
import { steps } from '../../../../shared/domain/steps';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, ErrorNotice, ScreenTitle, StepMark, stateLabel } from '../../components/ui';
import { count, formatDateTime } from '../../format';
import { call, useShell } from '../../store';
import { CARDS_UP_TO, accountText } from '../../../../shared/domain/board';
import { BatchImport } from '../imports/BatchImport';
import { FileButton } from '../../components/FileButton';
import { useBatch } from '../imports/batch';
import { LocationsTable } from './LocationsTable';
import { ReadinessBadge, ReadinessList } from '../../components/Readiness';

/** "Mijn schoollocaties": the multi-location administrator's home. */
export function Overview() {
  const locations = useShell((s) => s.locations);
  const [removing, setRemoving] = useState<LocationOverview | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const refreshLocations = useShell((s) => s.refreshLocations);
  const showToast = useShell((s) => s.showToast);
  const [layout, setLayout] = useState<'cards' | 'table' | null>(null);
  const shown = layout ?? (locations.length > CARDS_UP_TO ? 'table' : 'cards');
  const addFiles = useBatch((s) => s.add);

  async function remove(location: LocationOverview) {
    setRemoving(null);
    const result = await call('locations:remove', { brin6: location.brin6 });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    await refreshLocations();
    showToast(`Locatie ${location.name} (${location.brin6}) is van deze pc verwijderd.`);
  }

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle>Mijn schoollocaties</ScreenTitle>
      <p className="lead">
        Beheer je het volgsysteem voor meerdere schoollocaties? Volg dan per BRIN6 het stappenplan, met het eigen
        portaalaccount en het eigen EDEXML-bestand van die locatie.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />

      {locations.length > 0 && (
        <div className="overview-actions">
          <SyncAllButton />
          <FileButton
            label="Bestanden inlezen…"
            inputLabel="EDEXML-bestanden van een of meer locaties"
            accept=".xml,application/xml,text/xml"
            multiple
            onFiles={addFiles}
            testId="batch-files"
          />
          <div className="segmented" role="group" aria-label="Weergave">
            <button type="button" aria-pressed={shown === 'table'} onClick={() => setLayout('table')} data-testid="layout-table">
              Tabel
            </button>
            <button type="button" aria-pressed={shown === 'cards'} onClick={() => setLayout('cards')} data-testid="layout-cards">
              Kaarten
            </button>
          </div>
        </div>
      )}
      <SyncAllResult />
      <BatchImport />

      {locations.length === 0 ? (
        <EmptyState title="Nog geen schoollocaties" testId="overview-empty">
          <p>Voeg hieronder de eerste locatie toe met haar Brin6-code, bijvoorbeeld 99ZX10. Dat kan ook zonder verbinding.</p>
        </EmptyState>
      ) : shown === 'table' ? (
        <LocationsTable locations={locations} onRemove={setRemoving} />
      ) : (
        <ul className="location-cards" aria-label="Schoollocaties">
          {locations.map((location) => (
            <LocationCard key={location.brin6} location={location} onRemove={() => setRemoving(location)} />
          ))}
        </ul>
      )}

      <AddLocation />

      <ConfirmDialog
        open={removing !== null}
        title={removing ? `Locatie ${removing.brin6} verwijderen?` : ''}
        confirmLabel="Verwijderen"
        danger
        onConfirm={() => removing && void remove(removing)}
        onCancel={() => setRemoving(null)}
      >
        {removing && (
          <>
            <p>
              Alles wat deze console van <strong>{removing.name}</strong> bewaart, verdwijnt van deze pc: de ingelezen en
              bevestigde schoolgegevens, de aanmelding en de wachtrij. De gegevens bij de centrale dienst blijven bestaan.
            </p>
            {removing.pending + removing.failed + removing.conflicts > 0 && (
              <p className="warning-text" data-testid="remove-pending-warning">
                Let op: {count(removing.pending + removing.failed + removing.conflicts, 'wijziging is', 'wijzigingen zijn')} nog niet
                bij de centrale dienst aangekomen en {removing.pending + removing.failed + removing.conflicts === 1 ? 'gaat' : 'gaan'} verloren.
              </p>
            )}
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}

/** "Alles synchroniseren": every signed-in location, each with its own account; progress shows in the table. */
function SyncAllButton() {
  const run = useShell((s) => s.syncAll);
  const syncEverything = useShell((s) => s.syncEverything);
  const configured = useShell((s) => (s.settings?.apiBaseUrl ?? null) !== null);
  return (
    <button
      type="button"
      className="button button-primary"
      onClick={() => void syncEverything()}
      disabled={run?.running || !configured}
      title={configured ? undefined : 'Stel eerst het adres van de centrale dienst in (stap 1 van een locatie).'}
      data-testid="sync-all"
    >
      {run?.running ? 'Bezig met synchroniseren…' : 'Alles synchroniseren'}
    </button>
  );
}

/**
 * The result of "Alles synchroniseren" in one line, the locations that wait for a sign-in folded below it (a board of
 * 30 must not push the table a screen down). Later rounds (automatic too) update it (store.syncRound); it closes.
 */
function SyncAllResult() {
  const run = useShell((s) => s.syncAll);
  const locations = useShell((s) => s.locations);
  const selectLocation = useShell((s) => s.selectLocation);
  const dismiss = useShell((s) => s.dismissSyncAll);
  if (!run || run.running) return null;
  if (run.error) return <ErrorNotice error={run.error} onDismiss={dismiss} />;
  const rounds = Object.values(run.rounds).filter((r) => run.signedIn.includes(r.brin6));
  const ok = rounds.filter((r) => r.outcome === 'ok').length;
  const waiting = run.notSignedIn.filter((l) => l.pending > 0);
  const nameOf = (brin6: string) => `${locations.find((x) => x.brin6 === brin6)?.name ?? brin6} (${brin6})`;
  const summary = [
    rounds.length === 0 ? 'Geen enkele locatie is aangemeld, dus er is niets verstuurd.' : `${ok} van ${count(rounds.length, 'aangemelde locatie', 'aangemelde locaties')} gesynchroniseerd.`,
    run.notSignedIn.length > 0 ? `${count(run.notSignedIn.length, 'locatie is', 'locaties zijn')} niet aangemeld en dus niet gesynchroniseerd.` : '',
  ].join(' ');
  return (
    <div className="notice notice-info sync-all-result" data-testid="sync-all-result">
      <p className="sync-all-summary">
        <span>{summary}</span>
        <button type="button" className="link-button" onClick={dismiss}>
          Sluiten
        </button>
      </p>
      {waiting.length > 0 && (
        <details data-testid="sync-all-waiting">
          <summary>
            {count(waiting.length, 'locatie wacht', 'locaties wachten')} op een aanmelding met haar eigen portaalaccount
          </summary>
          <ul className="inline-list">
            {waiting.map((l) => (
              <li key={l.brin6}>
                <button type="button" className="link-button" onClick={() => selectLocation(l.brin6, 'sign-in')}>
                  Aanmelden bij {nameOf(l.brin6)}
                </button>{' '}
                ({count(l.pending, 'wijziging wacht', 'wijzigingen wachten')})
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function LocationCard({ location, onRemove }: { location: LocationOverview; onRemove: () => void }) {
  const selectLocation = useShell((s) => s.selectLocation);
  const current = useShell((s) => s.current);
  const done = location.steps.filter((s) => s.state === 'done').length;
  return (
    <li className={`location-card ${location.brin6 === current ? 'is-current' : ''}`} data-testid={`location-${location.brin6}`}>
      <div className="card-head">
        <h3>
          {location.name} <span className="code">{location.brin6}</span>
        </h3>
        <p className="card-progress" data-testid="location-progress">
          {done} van {location.steps.length} stappen klaar · <ReadinessBadge location={location} />
        </p>
      </div>
      <ol className="chips" aria-label={`Voortgang ${location.brin6}`}>
        {location.steps.map((progress) => {
          const step = steps.find((s) => s.id === progress.id)!;
          return (
            <li key={progress.id} className={`chip chip-${progress.state}`} title={progress.note} data-testid={`chip-${progress.id}`} data-state={progress.state}>
              <StepMark state={progress.state} number={step.number} />
              <span>
                {step.screen}
                <span className="visually-hidden">: {stateLabel(progress.state)}. {progress.note}</span>
              </span>
            </li>
          );
        })}
      </ol>
      <dl className="facts">
        <div>
          <dt>Account</dt>
          <dd>{accountText(location)}</dd>
        </div>
        <div>
          <dt>Wachtrij</dt>
          <dd data-testid="location-pending">{location.pending === 0 ? 'Niets te versturen' : count(location.pending, 'wijziging', 'wijzigingen')}</dd>
        </div>
        <div>
          <dt>Laatst gesynchroniseerd</dt>
          <dd>{location.lastSuccessAt ? formatDateTime(location.lastSuccessAt) : 'Nog niet'}</dd>
        </div>
      </dl>
      <ReadinessList location={location} testId={`readiness-${location.brin6}`} />
      {location.warnings.length > 0 && (
        <ul className="warnings" aria-label={`Waarschuwingen ${location.brin6}`}>
          {location.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => selectLocation(location.brin6)}>
          Openen<span className="visually-hidden"> {location.brin6}</span>
        </button>
        <button type="button" className="button button-quiet" onClick={onRemove}>
          Verwijderen…<span className="visually-hidden"> {location.brin6}</span>
        </button>
      </div>
    </li>
  );
}

function AddLocation() {
  const [brin6, setBrin6] = useState('');
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const refreshLocations = useShell((s) => s.refreshLocations);
  const hasLocations = useShell((s) => s.locations.length > 0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseBrin6(brin6);
    if (!parsed.ok) {
      const refusal = fieldRefusal([{ path: ['brin6'], message: parsed.message }]);
      action.setError(refusal);
      if (form.current) focusFirstIssue(form.current, refusal.issues);
      return;
    }
    const since = useShell.getState().moves;
    const added = await action.run(() => call('locations:add', { brin6: parsed.brin6, name, username }), {
      form,
      toast: (location) => `Locatie ${location.name} (${location.brin6}) is toegevoegd.`,
    });
    if (!added) return;
    setBrin6('');
    setName('');
    setUsername('');
    await refreshLocations();
    useShell.getState().goAfter(since, 'sign-in', added.brin6);
  }

  return (
    <form ref={form} className="card add-location" onSubmit={(e) => void submit(e)} aria-labelledby="add-title" noValidate>
      <h3 id="add-title">{hasLocations ? 'Nog een schoollocatie toevoegen' : 'Schoollocatie toevoegen'}</h3>
      <ErrorNotice error={action.error} onDismiss={() => action.setError(null)} />
      <div className="form-row">
        <TextField
          id="add-brin6"
          path="brin6"
          label={GLOSSARY.brin6Code}
          value={brin6}
          onChange={setBrin6}
          placeholder="99ZX10"
          required
          error={action.fieldError('brin6')}
          hint="2 cijfers, 2 hoofdletters en 2 cijfers."
        />
        <TextField id="add-name" path="name" label="Naam van de school of locatie" value={name} onChange={setName} placeholder="Cito - testschool-v01" required error={action.fieldError('name')} />
        <TextField
          id="add-username"
          path="username"
          label="Gebruikersnaam portaalaccount"
          value={username}
          onChange={setUsername}
          autoComplete="username"
          error={action.fieldError('username')}
          hint="Van het Cito Portal-account van deze BRIN6. Mag ook later."
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {action.busy ? 'Bezig…' : 'Locatie toevoegen'}
        </button>
      </div>
    </form>
  );
}
