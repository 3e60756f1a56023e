import { useCallback, useEffect, useRef, useState } from 'react';
import type { BridgeError, BridgeInput, BridgeMethodName, BridgeOutput } from '../../../shared/bridge';
import { call } from '../bridge-client';
import { useShell } from '../store';
import { latestOnly } from './latest';

export interface Query<T> {
  /** The answer; null while the first one is on its way (or `input` is null). */
  readonly data: T | null;
  /** The last refusal (a Dutch message that says what to do). */
  readonly error: BridgeError | null;
  /** What a command answered (the new state), without asking again. */
  setData(value: T): void;
  reload(): void;
  /** The admin closed the error notice. */
  dismiss(): void;
}

/**
 * The one way a screen loads what it shows (commands go through useAction): asks `method` again whenever its input
 * changes — and, with `reloadOnSync`, when main reports new sync status (the service may have changed it). Only the
 * newest answer for the location still on screen is kept (latest.ts). `input` null: nothing to ask yet.
 */
export function useQuery<M extends BridgeMethodName>(
  method: M,
  input: BridgeInput<M> | null,
  options: {
    readonly reloadOnSync?: boolean;
    /** Other values that, when they change, ask again (the number of users, for the suggestions). */
    readonly deps?: readonly unknown[];
    readonly onData?: (value: BridgeOutput<M>) => void;
    /** Wait this long after the input last changed before asking (a search box asks once the typing pauses). */
    readonly debounceMs?: number;
  } = {},
): Query<BridgeOutput<M>> {
  // The answer with the input it answers: after the input changed, the old answer is not shown as the new one.
  const [answer, setAnswer] = useState<{ key: string; value: BridgeOutput<M> } | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [asked, setAsked] = useState(0);
  const syncTick = useShell((s) => (options.reloadOnSync ? s.syncTick : 0));
  const latest = useRef(latestOnly());
  const onData = useRef(options.onData);
  useEffect(() => {
    onData.current = options.onData;
  });
  const key = input === null ? null : JSON.stringify(input);
  const depsKey = JSON.stringify(options.deps ?? []);
  const debounceMs = options.debounceMs ?? 0;

  // A fresh guard per mount (React's strict mode mounts twice): answers to a closed screen never count.
  useEffect(() => {
    const guard = latestOnly();
    latest.current = guard;
    return () => guard.close();
  }, []);
  useEffect(() => {
    if (key === null) return;
    const guard = latest.current;
    const ticket = guard.begin(useShell.getState().current);
    const ask = call as (m: M, i: unknown) => ReturnType<typeof call<M>>;
    const send = () =>
      void ask(method, JSON.parse(key) as unknown).then((result) => {
        if (!guard.counts(ticket, useShell.getState().current)) return;
        if (!result.ok) {
          setError(result.error);
          return;
        }
        setError(null);
        setAnswer({ key, value: result.value });
        onData.current?.(result.value);
      });
    if (!debounceMs) return send();
    const timer = setTimeout(send, debounceMs);
    return () => clearTimeout(timer);
  }, [method, key, depsKey, syncTick, asked, debounceMs]);

  const reload = useCallback(() => setAsked((n) => n + 1), []);
  const setData = useCallback((value: BridgeOutput<M>) => key !== null && setAnswer({ key, value }), [key]);
  const dismiss = useCallback(() => setError(null), []);
  return { data: answer !== null && answer.key === key ? answer.value : null, error, setData, reload, dismiss };
}
