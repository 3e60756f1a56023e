import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { SyncNowButton } from './SyncNow';
import { ConnectionCheck } from '../network/ConnectionCheck';
import { TextField } from '../../components/form';
import { ErrorNotice, Notice, ScreenTitle } from '../../components/ui';
import { useAction } from '../../hooks/useAction';
import { formatDateTime } from '../../format';
import { call, useShell } from '../../store';
import { useConnection, useCurrentLocation } from '../../connection';

/**
 * Step 1: sign in with this BRIN6's own portal account — or go on offline, with a clear note. What it says about the
 * connection comes from the one connection model (useConnection): "niet bereikbaar" only when the service did not
 * answer, never above a refused password.
 */
export function SignInStep() {
  const location = useCurrentLocation()!;
  const settings = useShell((s) => s.settings);
  const go = useShell((s) => s.go);
  const view = useConnection();
  const configured = Boolean(settings?.apiBaseUrl);

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={1}>Aanmelden</ScreenTitle>
      <p className="lead">
        Meld je aan met de Cito Portal-accountgegevens die horen bij de BRIN6 van deze schoollocatie (
        <span className="code">{location.brin6}</span>). Gebruik per locatie het eigen account.
      </p>

      {location.signedIn ? (
        <SignedIn />
      ) : (
        <>
          {!configured && <ApiAddress />}
          {configured && view.state === 'unreachable' && (
            <>
              <Notice level="warning" testId="offline-note">
                {view.line} Importeren en bevestigen kan al; je aanmelding volgt zodra de dienst weer antwoordt.
              </Notice>
              {view.action && <p className="hint">{view.action}</p>}
              <ConnectionCheck testId="signin-connection-check" brief />
            </>
          )}
          {configured && view.state === 'checking' && (
            <Notice level="info" testId="checking-note">
              {view.line}
            </Notice>
          )}
          {configured && <SignInForm />}
          <div className="card offline-card">
            <h3>Offline verder werken</h3>
            <p>
              Zonder aanmelding kun je het EDEXML-bestand al importeren en bevestigen. De console bewaart alles en verstuurt het
              zodra je je hebt aangemeld.
            </p>
            <button type="button" className="button" onClick={() => go('import')}>
              Offline verder naar stap 2
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function SignedIn() {
  const location = useCurrentLocation()!;
  const go = useShell((s) => s.go);
  const view = useConnection();
  const signOutAction = useAction();
  const refreshLocations = useShell((s) => s.refreshLocations);

  async function signOut() {
    await signOutAction.run(() => call('sync:sign-out', { brin6: location.brin6 }), { toast: `Afgemeld voor ${location.brin6}.` });
    await refreshLocations();
  }

  return (
    <>
      <ErrorNotice error={signOutAction.error} onDismiss={() => signOutAction.setError(null)} />
      <Notice level="success" testId="signed-in">
        Aangemeld als <strong>{location.username || 'beheerder'}</strong> voor {location.name} ({location.brin6}).
        {location.lastSuccessAt && <> Laatst gesynchroniseerd: {formatDateTime(location.lastSuccessAt)}.</>}
      </Notice>
      {view.state === 'unreachable' && (
        <>
          <Notice level="warning" testId="offline-note">
            {view.line}
          </Notice>
          <ConnectionCheck testId="signin-connection-check" brief />
        </>
      )}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => go('import')}>
          Verder naar stap 2: importeren
        </button>
        <SyncNowButton brin6={location.brin6} testId="signin-sync-now" />
        <button type="button" className="button button-quiet" onClick={() => void signOut()} disabled={signOutAction.busy}>
          Afmelden
        </button>
      </div>
      <p className="hint">
        Beheer je nog een locatie? Meld je hier af en kies rechtsboven de volgende locatie; die heeft haar eigen account.
      </p>
    </>
  );
}

function ApiAddress() {
  const [address, setAddress] = useState('');
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const setSettings = useShell((s) => s.setSettings);

  async function save(event: FormEvent) {
    event.preventDefault();
    const saved = await action.run(() => call('settings:set-api-base-url', { apiBaseUrl: address }), { form, toast: 'Adres van de centrale dienst opgeslagen.' });
    if (saved) setSettings(saved);
  }

  return (
    <form ref={form} className="card" onSubmit={(e) => void save(e)} aria-labelledby="api-title" noValidate>
      <h3 id="api-title">Adres van de centrale dienst</h3>
      <Notice level="info" testId="not-configured-note">
        Deze console weet nog niet waar de centrale dienst staat. Vul het adres in dat je van je school of Cito hebt gekregen,
        of werk offline verder.
      </Notice>
      <ErrorNotice error={action.error} />
      <TextField
        id="api-address"
        path="apiBaseUrl"
        label="Adres (https://…)"
        type="url"
        value={address}
        onChange={setAddress}
        placeholder="https://"
        autoComplete="url"
        error={action.fieldError('apiBaseUrl')}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={action.busy}>
          Adres opslaan
        </button>
      </div>
    </form>
  );
}

function SignInForm() {
  const location = useCurrentLocation()!;
  const view = useConnection();
  const [username, setUsername] = useState(location.username);
  const [password, setPassword] = useState('');
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const refreshLocations = useShell((s) => s.refreshLocations);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await action.run(() => call('sync:sign-in', { brin6: location.brin6, username, password }), {
      form,
      toast: `Aangemeld voor ${location.brin6}.`,
    });
    setPassword('');
    await refreshLocations();
    if (!result) form.current?.querySelector<HTMLInputElement>('#signin-password')?.focus();
  }

  // The refusal is said once: this form's own answer, or (after a restart or another screen) the remembered one.
  const remembered = !action.error && view.state === 'refused' ? view.line : null;
  return (
    <form ref={form} className="card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title" noValidate>
      <h3 id="signin-title">Aanmelden voor {location.brin6}</h3>
      {location.steps[0]?.state === 'attention' && !remembered && !action.error && <Notice level="warning">{location.steps[0].note}</Notice>}
      <ErrorNotice error={action.error} />
      {remembered && (
        <Notice level="error" testId="signin-refused">
          {remembered}
        </Notice>
      )}
      <div className="form-row">
        <TextField
          id="signin-username"
          path="username"
          label="Gebruikersnaam"
          value={username}
          onChange={setUsername}
          autoComplete="username"
          error={action.fieldError('username')}
        />
        <TextField
          id="signin-password"
          path="password"
          label="Wachtwoord"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          error={action.fieldError('password')}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {action.busy ? 'Bezig met aanmelden…' : 'Aanmelden'}
        </button>
      </div>
    </form>
  );
}
