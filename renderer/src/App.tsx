import { useEffect } from 'react';
import type { BridgeApi } from '../../shared/bridge';
import { steps } from '../../shared/domain/steps';
import { useShell } from './store';

export function App({ bridge }: { bridge: BridgeApi }) {
  const { phase, info, locations, status, error, load } = useShell();

  useEffect(() => {
    void load(bridge);
  }, [bridge, load]);

  return (
    <div className="shell">
      <header className="topbar">
        <h1 className="brand">Beheerconsole</h1>
        <nav className="locations" aria-label="Schoollocaties">
          <h2 className="section-title">Schoollocatie</h2>
          {locations.length === 0 ? (
            <p className="empty" data-testid="locations-empty">
              Nog geen locaties. Een locatie ontstaat zodra je het EDEXML-bestand van die BRIN6 importeert.
            </p>
          ) : (
            <ul>
              {locations.map((location) => (
                <li key={location.brin6}>
                  {location.name} <span className="code">{location.brin6}</span>
                </li>
              ))}
            </ul>
          )}
        </nav>
      </header>

      {info?.notices.map((notice) => (
        <div key={notice.message} className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          {notice.message}
        </div>
      ))}
      {error && (
        <div className="notice notice-error" role="alert" data-testid="bridge-error">
          {error.message}
        </div>
      )}

      <main className="content">
        <section className="steps" aria-labelledby="steps-title">
          <h2 id="steps-title" className="section-title">
            Stappenplan per locatie
          </h2>
          <ol>
            {steps.map((step) => (
              <li key={step.id} className="step">
                <span className="step-number" aria-hidden="true">
                  {step.number}
                </span>
                <span className="step-title">{step.title}</span>
              </li>
            ))}
          </ol>
          <p className="hint">Kies eerst een schoollocatie; dan worden de stappen voor die locatie beschikbaar.</p>
        </section>
      </main>

      <footer className="statusbar" role="status" aria-live="polite">
        {phase === 'loading' && <span>Console wordt gestart…</span>}
        {phase === 'failed' && <span>De console is niet bereikbaar.</span>}
        {phase === 'ready' && info && (
          <>
            <span data-testid="connection">{connectionLabel(status)}</span>
            <span data-testid="pending">{pendingLabel(status)}</span>
            <span className="version" data-testid="version">
              Versie {info.version} · {modeLabel(info.mode)}
            </span>
          </>
        )}
      </footer>
    </div>
  );
}

function connectionLabel(status: ReturnType<typeof useShell.getState>['status']): string {
  if (!status) return 'Verbinding onbekend';
  switch (status.connection) {
    case 'not-configured':
      return 'Offline · nog geen centrale dienst ingesteld';
    case 'online':
      return 'Online';
    case 'offline':
      return 'Offline';
  }
}

function pendingLabel(status: ReturnType<typeof useShell.getState>['status']): string {
  if (!status) return '';
  if (status.pendingChanges === 0) return 'Geen wijzigingen in de wachtrij';
  if (status.pendingChanges === 1) return '1 wijziging wacht op verzending';
  return `${status.pendingChanges} wijzigingen wachten op verzending`;
}

function modeLabel(mode: 'electron' | 'browser' | 'cli'): string {
  switch (mode) {
    case 'electron':
      return 'bureaublad';
    case 'browser':
      return 'browsermodus';
    case 'cli':
      return 'opdrachtregel';
  }
}
