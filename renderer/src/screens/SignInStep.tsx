import { useState } from 'react';
import type { FormEvent } from 'react';
import type { BridgeError } from '../../../shared/bridge';
import { ErrorNotice, Notice, ScreenTitle } from '../components/ui';
import { formatDateTime } from '../format';
import { call, useCurrentLocation, useShell } from '../store';

/** Step 1: sign in with this BRIN6's own portal account — or go on offline, with a clear note. */
export function SignInStep() {
  const location = useCurrentLocation()!;
  const settings = useShell((s) => s.settings);
  const status = useShell((s) => s.status);
  const go = useShell((s) => s.go);
  const configured = Boolean(settings?.apiBaseUrl);
  const offline = status?.connection === 'offline';

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
          {configured && offline && (
            <Notice level="warning" testId="offline-note">
              De centrale dienst is nu niet bereikbaar. Je kunt gewoon verder met importeren en bevestigen: alles wordt op
              deze pc bewaard en verstuurd zodra je bent aangemeld en er verbinding is.
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
  const [error, setErr] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState<'sync' | 'out' | null>(null);
  const refreshLocations = useShell((s) => s.refreshLocations);

  async function signOut() {
    setBusy('out');
    const result = await call('sync:sign-out', { brin6: location.brin6 });
    setBusy(null);
    if (!result.ok) setErr(result.error);
    await refreshLocations();
  }
  async function syncNow() {
    setBusy('sync');
    const result = await call('sync:sync-now', { brin6: location.brin6 });
    setBusy(null);
    if (!result.ok) setErr(result.error);
    await refreshLocations();
  }

  return (
    <>
      <ErrorNotice error={error} onDismiss={() => setErr(null)} />
      <Notice level="success" testId="signed-in">
        Aangemeld als <strong>{location.username || 'beheerder'}</strong> voor {location.name} ({location.brin6}).
        {location.lastSuccessAt && <> Laatst gesynchroniseerd: {formatDateTime(location.lastSuccessAt)}.</>}
      </Notice>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => go('import')}>
          Verder naar stap 2: importeren
        </button>
        <button type="button" className="button" onClick={() => void syncNow()} disabled={busy !== null}>
          {busy === 'sync' ? 'Bezig met synchroniseren…' : 'Nu synchroniseren'}
        </button>
        <button type="button" className="button button-quiet" onClick={() => void signOut()} disabled={busy !== null}>
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
  const [error, setError] = useState<BridgeError | null>(null);
  const setSettings = useShell((s) => s.setSettings);

  async function save(event: FormEvent) {
    event.preventDefault();
    const result = await call('settings:set-api-base-url', { apiBaseUrl: address });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setSettings(result.value);
  }

  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-labelledby="api-title" noValidate>
      <h3 id="api-title">Adres van de centrale dienst</h3>
      <Notice level="info" testId="not-configured-note">
        Deze console weet nog niet waar de centrale dienst staat. Vul het adres in dat je van je school of Cito hebt gekregen,
        of werk offline verder.
      </Notice>
      <ErrorNotice error={error} />
      <div className="field">
        <label htmlFor="api-address">Adres (https://…)</label>
        <input id="api-address" type="url" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="https://" autoComplete="url" />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">
          Adres opslaan
        </button>
      </div>
    </form>
  );
}

function SignInForm() {
  const location = useCurrentLocation()!;
  const [username, setUsername] = useState(location.username);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  const [busy, setBusy] = useState(false);
  const refreshLocations = useShell((s) => s.refreshLocations);
  const showToast = useShell((s) => s.showToast);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await call('sync:sign-in', { brin6: location.brin6, username, password });
    setBusy(false);
    setPassword('');
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    await refreshLocations();
    showToast(`Aangemeld voor ${location.brin6}.`);
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title" noValidate>
      <h3 id="signin-title">Aanmelden voor {location.brin6}</h3>
      {location.steps[0]?.state === 'attention' && <Notice level="warning">{location.steps[0].note}</Notice>}
      <ErrorNotice error={error} />
      <div className="form-row">
        <div className="field">
          <label htmlFor="signin-username">Gebruikersnaam</label>
          <input id="signin-username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="signin-password">Wachtwoord</label>
          <input
            id="signin-password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Bezig met aanmelden…' : 'Aanmelden'}
        </button>
      </div>
    </form>
  );
}
