import { useState } from 'react';
import { syncNowAnswer } from '../../../../shared/domain/connection';
import { formatTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import { call, useShell } from '../../store';
import { ErrorNotice, Notice } from '../../components/ui';

/**
 * "Nu synchroniseren" for one location, with an answer every time (issue 15, point 5): done and how many went,
 * nothing to send, or no connection since when — said beside the button, not only in the status bar.
 */
export function SyncNowButton({ brin6, onDone, testId = 'sync-now' }: { brin6: string; onDone?: () => void | Promise<void>; testId?: string }) {
  const action = useAction();
  const [answer, setAnswer] = useState<ReturnType<typeof syncNowAnswer> | null>(null);

  async function syncNow() {
    if (action.busy) return;
    setAnswer(null);
    const before = useShell.getState().status?.locations.find((l) => l.brin6 === brin6)?.pending ?? 0;
    const status = await action.run(() => call('sync:sync-now', { brin6 }));
    if (!status) return;
    const row = status.locations.find((l) => l.brin6 === brin6);
    setAnswer(
      syncNowAnswer(
        {
          connection: status.connection,
          offlineSince: status.offlineSince,
          problem: status.problem,
          signedIn: row?.signedIn ?? false,
          brin6,
          pendingBefore: Math.max(before, row?.pending ?? 0),
          pendingAfter: row?.pending ?? 0,
          delayedReason: row?.delayedReason ?? null,
        },
        formatTime,
      ),
    );
    await useShell.getState().refreshLocations();
    await onDone?.();
  }

  return (
    <>
      {/* Never disabled while it runs: a disabled button drops keyboard focus to the page. */}
      <button type="button" className="button" onClick={() => void syncNow()} aria-disabled={action.busy || undefined} data-testid={testId}>
        {action.busy ? 'Bezig met synchroniseren…' : 'Nu synchroniseren'}
      </button>
      {(answer || action.error) && (
        <div className="sync-answer" data-testid={`${testId}-answer`}>
          {answer && <Notice level={answer.level}>{answer.message}</Notice>}
          <ErrorNotice error={action.error} onDismiss={() => action.setError(null)} />
        </div>
      )}
    </>
  );
}
