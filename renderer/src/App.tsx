import { RolloverScreen } from './features/rollover/RolloverScreen';
import { useEffect } from 'react';
import { EXTRA_SCREENS, windowTitle } from './title';
import type { BridgeApi, SyncStatus } from '../../shared/bridge';
import { steps } from '../../shared/domain/steps';
import { StepMark, stateLabel } from './components/ui';
import { ErrorBoundary } from './components/ErrorBoundary';
import { LocationSwitcher } from './features/locations/Switcher';
import { useBatch } from './features/imports/batch';
import { needsAttention } from '../../shared/domain/board';
import { SupportButton, UpdateBanner } from './features/app/Support';
import { ProxyLoginDialog } from './features/network/ProxyLogin';
import { LeaveDialog, useLeaveOnClose } from './components/LeaveDialog';
import { formatNumber } from './format';
import { AllowlistScreen } from './features/allowlist/AllowlistScreen';
import { AuditLog } from './features/audit/AuditLog';
import { CheckStep } from './features/roster/CheckStep';
import { InviteStep } from './features/users/InviteStep';
import { RolesStep } from './features/users/RolesStep';
import { UsersStep } from './features/users/UsersStep';
import { WhoSeesWhat } from './features/users/WhoSeesWhat';
import { ConfirmStep } from './features/imports/ConfirmStep';
import { ImportStep } from './features/imports/ImportStep';
import { NumoScreen } from './features/numo/NumoScreen';
import { Overview } from './features/locations/Overview';
import { PlanScreen } from './features/plan/PlanScreen';
import { PortalStep } from './features/roster/PortalStep';
import { SignInStep } from './features/sync/SignInStep';
import { useLocation, useShell } from './store';
import { useConnection, useCurrentLocation } from './connection';
import { queueLine } from './status-line';
import { StepHelpPanel } from './components/StepHelp';
import type { StepId } from '../../shared/domain/steps';
import { accountLine } from '../../shared/domain/connection';
import type { View } from './store';

export function App({ bridge }: { bridge: BridgeApi }) {
  const phase = useShell((s) => s.phase);
  const info = useShell((s) => s.info);
  const error = useShell((s) => s.error);
  const toast = useShell((s) => s.toast);
  const view = useShell((s) => s.view);
  const current = useShell((s) => s.current);
  const load = useShell((s) => s.load);
  const dismissError = useShell((s) => s.dismissError);

  useEffect(() => {
    void load(bridge);
  }, [bridge, load]);

  useWindowFileDrop(bridge);
  useLeaveOnClose(bridge);
  const locationName = useShell((s) => s.locations.find((l) => l.brin6 === s.current)?.name ?? null);
  useEffect(() => {
    document.title = windowTitle(current ? view : 'overview', locationName === null ? null : { name: locationName });
  }, [view, current, locationName]);

  return (
    <div className="shell">
      <a className="skip-link" href="#inhoud">
        Naar de inhoud
      </a>
      <header className="topbar">
        <h1 className="brand">Beheerconsole</h1>
        {/* Only once main answered: before that (or without it) "Nog geen locaties" would be a guess. */}
        {phase === 'ready' && <LocationSwitcher />}
        <Account />
      </header>

      {info?.notices.map((notice) => (
        <div key={notice.message} className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          {notice.message}
        </div>
      ))}
      <UpdateBanner />
      <ProxyLoginDialog />
      <LeaveDialog />
      {error && (
        <div className="notice notice-error" role="alert" data-testid="bridge-error">
          <span>{error.message}</span>
          {phase === 'ready' && (
            <button type="button" className="link-button" onClick={dismissError}>
              Sluiten
            </button>
          )}
        </div>
      )}

      <div className="body">
        <StepNav />
        <main id="inhoud" className="content">
          {phase === 'loading' && <p className="loading">Console wordt gestart…</p>}
          {phase === 'ready' && (
            <ErrorBoundary key={`${current ?? '-'}:${current ? view : 'overview'}`}>
              <Screen view={current ? view : 'overview'} />
              {current && isStepId(view) && <StepHelpPanel step={view} />}
            </ErrorBoundary>
          )}
        </main>
      </div>

      <div className="toast-region" role="status" aria-live="polite" data-testid="toast">
        {toast?.message}
      </div>
      <StatusBar />
    </div>
  );
}

function Screen({ view }: { view: View }) {
  switch (view) {
    case 'overview':
      return <Overview />;
    case 'sign-in':
      return <SignInStep />;
    case 'import':
      return <ImportStep />;
    case 'confirm-school':
      return <ConfirmStep />;
    case 'load-planner':
      return <PortalStep />;
    case 'check-availability':
      return <CheckStep />;
    case 'add-users':
      return <UsersStep />;
    case 'assign-roles':
      return <RolesStep />;
    case 'invite':
      return <InviteStep />;
    case 'who-sees-what':
      return <WhoSeesWhat />;
    case 'audit':
      return <AuditLog />;
    case 'numo':
      return <NumoScreen />;
    case 'allowlist':
      return <AllowlistScreen />;
    case 'plan':
      return <PlanScreen />;
    case 'rollover':
      return <RolloverScreen />;
  }
}

/** Who is signed in for the current location (each BRIN6 has its own portal account). */
function Account() {
  const location = useCurrentLocation();
  const view = useConnection();
  if (!location) return null;
  return (
    <p className="account" data-testid="account" data-state={view.state}>
      {accountLine(location, view)}
    </p>
  );
}

function StepNav() {
  const location = useCurrentLocation();
  const view = useShell((s) => s.view);
  const go = useShell((s) => s.go);
  const locations = useShell((s) => s.locations);
  // The same rule as the table's filter "Alleen wat aandacht nodig heeft" (shared/domain/board.ts), or a warning.
  const attention = locations.filter((l) => needsAttention(l) || l.warnings.length > 0).length;
  // Steps 1–8 as main decides them: 6–8 by the one readiness rule (shared/domain/readiness.ts), as every screen.
  const progress = location?.steps ?? [];
  const extra: Array<[View, string, string]> = [
    ['who-sees-what', '◎', EXTRA_SCREENS['who-sees-what']],
    ['audit', '≡', EXTRA_SCREENS.audit],
    ['numo', '⇄', EXTRA_SCREENS.numo],
    ['allowlist', '◇', EXTRA_SCREENS.allowlist],
    ['plan', '☑', EXTRA_SCREENS.plan],
    ['rollover', '↻', EXTRA_SCREENS.rollover],
  ];
  return (
    <nav className="sidenav" aria-label="Stappen">
      <button type="button" className="nav-item" aria-current={view === 'overview' || !location ? 'page' : undefined} onClick={() => go('overview')}>
        <span className="nav-icon" aria-hidden="true">
          ⌂
        </span>
        <span>Mijn schoollocaties</span>
        {attention > 0 && (
          <span className="nav-count" title={`${attention === 1 ? '1 locatie vraagt' : `${attention} locaties vragen`} aandacht`} data-testid="nav-attention">
            <span aria-hidden="true">{attention}</span>
            <span className="visually-hidden">{attention === 1 ? ', 1 locatie vraagt aandacht' : `, ${attention} locaties vragen aandacht`}</span>
          </span>
        )}
      </button>
      {location ? (
        <>
          <p className="nav-heading">
            {location.name} <span className="code">{location.brin6}</span>
          </p>
          <ol className="nav-steps">
            {progress.map((p) => {
              const step = steps.find((s) => s.id === p.id)!;
              return (
                <li key={step.id}>
                  <button
                    type="button"
                    className={`nav-item nav-step-${p.state}`}
                    aria-current={view === step.id ? 'step' : undefined}
                    onClick={() => go(step.id as View)}
                    data-testid={`nav-${step.id}`}
                    data-state={p.state}
                    title={p.note}
                  >
                    <StepMark state={p.state} number={step.number} />
                    <span>
                      {step.number}. {step.screen}
                      <span className="visually-hidden"> ({stateLabel(p.state)})</span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
          <ul className="nav-steps nav-extra">
            {extra.map(([id, icon, label]) => (
              <li key={id}>
                <button type="button" className="nav-item" aria-current={view === id ? 'page' : undefined} onClick={() => go(id)} data-testid={`nav-${id}`}>
                  <span className="nav-icon" aria-hidden="true">
                    {icon}
                  </span>
                  <span>{label}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="nav-later">Kies of voeg een schoollocatie toe; dan verschijnt hier het stappenplan voor die locatie.</p>
      )}
    </nav>
  );
}

function StatusBar() {
  const phase = useShell((s) => s.phase);
  const info = useShell((s) => s.info);
  const status = useShell((s) => s.status);
  const current = useShell((s) => s.current);
  const view = useConnection();
  return (
    // Not a live region: it changes with every sync round, and a screen reader would read each change out. Outcomes
    // are announced once, by the toast region.
    <footer className="statusbar" aria-label="Statusbalk" data-testid="statusbar">
      {phase === 'loading' && <span>Console wordt gestart…</span>}
      {phase === 'failed' && <span>De console is niet bereikbaar.</span>}
      {phase === 'ready' && info && (
        <>
          <span data-testid="connection" data-state={view.state} className={`connection connection-${view.state}`}>
            {view.label}
          </span>
          <span data-testid="pending">{queueLine(status, current)}</span>
          {delayedLabel(status) && (
            <span data-testid="delayed" className="sync-delayed">
              {delayedLabel(status)}
            </span>
          )}
          <span className="version" data-testid="version">
            Versie {info.version} · {modeLabel(info.mode)}
          </span>
          <SupportButton />
        </>
      )}
    </footer>
  );
}

/**
 * Files dropped anywhere on the window: never let the browser open them (that would navigate away). One file while a
 * location is open goes to its import step; several files, or any file on the overview, are routed by the BRIN6 each
 * names (the summary on "Mijn schoollocaties").
 */
function useWindowFileDrop(bridge: BridgeApi) {
  useEffect(() => {
    const over = (event: DragEvent) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = useShell.getState().locations.length > 0 ? 'copy' : 'none';
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      const files = [...(event.dataTransfer?.files ?? [])];
      const { current, view, go, locations } = useShell.getState();
      if (files.length === 0 || locations.length === 0) return;
      if ((event.target as HTMLElement | null)?.closest('[data-dropzone]')) return;
      if (files.length === 1 && current && view !== 'overview') {
        go('import');
        void useLocation.getState().startImport(files[0]!);
        return;
      }
      go('overview');
      useBatch.getState().add(files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    const off = bridge.subscribe('import:progress', (progress) => useBatch.getState().progress(progress));
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
      off();
    };
  }, [bridge]);
}

/** Changes that keep failing: said with the reason, per location, so "in de wachtrij" never hides a stuck change. */
function delayedLabel(status: SyncStatus | null): string | null {
  const delayed = status?.locations.filter((l) => l.delayed > 0) ?? [];
  if (delayed.length === 0) return null;
  return delayed
    .map((l) => `${l.brin6}: ${l.delayed === 1 ? '1 wijziging' : `${formatNumber(l.delayed)} wijzigingen`} vertraagd — ${l.delayedReason ?? 'reden onbekend'}`)
    .join(' · ');
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

function isStepId(view: View): view is StepId {
  return steps.some((s) => s.id === view);
}
