import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { BridgeError } from '../../../shared/bridge';
import type { StepState } from '../../../shared/domain/progress';

const STATE_LABEL: Record<StepState, string> = { done: 'klaar', attention: 'aandacht nodig', todo: 'te doen' };

/** The mark in front of a step: a tick, an exclamation mark, or its number. Its meaning is also in text. */
export function StepMark({ state, number }: { state: StepState; number: number }) {
  return (
    <span className={`step-mark step-mark-${state}`} aria-hidden="true">
      {state === 'done' ? '✓' : state === 'attention' ? '!' : number}
    </span>
  );
}

export function stateLabel(state: StepState): string {
  return STATE_LABEL[state];
}

/** A screen's title; it takes focus when the screen opens, so keyboard and screen-reader users land on it. */
export function ScreenTitle({ children, step }: { children: ReactNode; step?: number }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 ref={ref} tabIndex={-1} className="screen-title">
      {step !== undefined && <span className="screen-step">Stap {step}</span>}
      {children}
    </h2>
  );
}

export function ErrorNotice({ error, onDismiss }: { error: BridgeError | null; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="screen-error">
      <span>{error.message}</span>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          Sluiten
        </button>
      )}
    </div>
  );
}

/**
 * A block of text on the screen. Not a live region (issue 33): a screen reader reads it with the screen; outcomes of
 * what the admin did are announced once, by the one polite region (the toast); only an error interrupts (alert).
 */
export function Notice({ level, children, testId }: { level: 'info' | 'warning' | 'error' | 'success'; children: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice-${level}`} role={level === 'error' ? 'alert' : undefined} data-testid={testId}>
      {children}
    </div>
  );
}

/** What a screen shows when there is nothing yet: what it is for and how to get there. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
