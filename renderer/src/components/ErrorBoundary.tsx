import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { call } from '../store';

/** Sends a page error to main's support log (main redacts it); never throws itself. */
export function reportError(kind: 'error' | 'unhandled-rejection' | 'render', error: unknown): void {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const stack = error instanceof Error && error.stack ? error.stack.slice(0, 8000) : undefined;
  void call('app:report-error', { kind, message, ...(stack ? { stack } : {}) }).catch(() => {});
}

/** Page errors outside React (an event handler, a promise nobody awaited) go to the log too. */
export function reportGlobalErrors(target: Window): void {
  target.addEventListener('error', (event) => reportError('error', event.error ?? event.message));
  target.addEventListener('unhandledrejection', (event) => reportError('unhandled-rejection', event.reason));
}

/**
 * A screen that throws while drawing shows a Dutch message and a way on, never a white window. The error goes to the
 * log for support; nothing is lost, because every change is in main's database before a screen shows it.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    const withComponents = new Error(error.message);
    withComponents.stack = `${error.stack ?? error.message}\n${info.componentStack ?? ''}`;
    reportError('render', withComponents);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="notice notice-error" role="alert" data-testid="screen-crashed">
        <p>
          Dit scherm liep vast. Je werk is bewaard. Laad het venster opnieuw; blijft dit gebeuren, stuur dan de logbestanden naar support (Support en
          updates, onderaan).
        </p>
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
          Opnieuw laden
        </button>
      </div>
    );
  }
}
