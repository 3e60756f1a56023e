import { useCallback, useEffect, useRef, useState } from 'react';
import { issueMessage } from '../../../shared/bridge';
import type { BridgeError, BridgeResult, FieldIssue } from '../../../shared/bridge';
import { useShell } from '../store';

export interface RunOptions<T> {
  /** The toast after success (read out by screen readers). */
  readonly toast?: string | ((value: T) => string);
  /**
   * Runs on success before the toast: what the toast claims ("opgeslagen") is true in the store the moment it shows,
   * not one render later (CI once left step 7 in that gap and was asked about unsaved work).
   */
  readonly settle?: (value: T) => void;
  /** The form whose fields carry `data-path`: on a refusal, focus goes to the first field it names. */
  readonly form?: { readonly current: HTMLElement | null };
  /** Also told of a refusal (a form that keeps its own per-field messages). */
  readonly onError?: (error: BridgeError) => void;
}

export interface Action {
  readonly busy: boolean;
  /** The last refusal (summary for the notice, `issues` for the fields). */
  readonly error: BridgeError | null;
  /** The Dutch sentence for one field of the last refusal, by its path inside the method's input. */
  fieldError(...path: Array<string | number>): string | undefined;
  /** Runs one bridge call: busy while it runs, the error kept, a toast on success, and a late answer for another location dropped. */
  run<T>(request: () => Promise<BridgeResult<T>>, options?: RunOptions<T>): Promise<T | null>;
  setError(error: BridgeError | null): void;
}

/**
 * The one way a screen calls main for an action (save, delete, invite …). Why: five screens had their own copies
 * of busy/error/toast, and not all of them dropped an answer that arrived after the coordinator switched location.
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async <T,>(request: () => Promise<BridgeResult<T>>, options: RunOptions<T> = {}): Promise<T | null> => {
    const location = useShell.getState().current;
    setBusy(true);
    const result = await request();
    // Answered after a switch to another location (or after the screen closed): not this screen's answer any more.
    if (!mounted.current || useShell.getState().current !== location) return null;
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      if (options.form?.current) focusFirstIssue(options.form.current, result.error.issues);
      options.onError?.(result.error);
      return null;
    }
    setError(null);
    options.settle?.(result.value);
    const toast = typeof options.toast === 'function' ? options.toast(result.value) : options.toast;
    if (toast) useShell.getState().showToast(toast);
    return result.value;
  }, []);

  const fieldError = useCallback((...path: Array<string | number>) => issueMessage(error?.issues, path), [error]);
  return { busy, error, fieldError, run, setError };
}

/** Puts focus on the first field (in the form's order) that an issue names; fields carry `data-path="user.voornaam"`. */
export function focusFirstIssue(form: HTMLElement, issues: readonly FieldIssue[] | undefined): void {
  if (!issues || issues.length === 0) return;
  const paths = new Set(issues.map((issue) => issue.path.join('.')));
  const fields = form.querySelectorAll<HTMLElement>('[data-path]');
  for (const field of fields) {
    if (paths.has(field.dataset['path'] ?? '')) {
      field.focus();
      return;
    }
  }
}
