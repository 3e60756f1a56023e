import { useEffect, useState } from 'react';
import { useModal } from '../hooks/useModal';
import type { BridgeApi } from '../../../shared/bridge';
import { LEAVE_BUTTONS, LEAVE_TITLE, leaveQuestion } from '../../../shared/domain/leave';
import type { LeaveDecision } from '../../../shared/domain/leave';
import { useShell } from '../store';

const DECISIONS: readonly LeaveDecision[] = ['save', 'discard', 'stay'];

/**
 * The leave question (issue 31, point 3): open while the admin tries to leave unsaved work. Opslaan saves and then
 * goes; Niet opslaan drops the changes and goes; Annuleren (also Escape) stays. Focus starts on Opslaan.
 */
export function LeaveDialog() {
  const leaving = useShell((s) => s.leaving);
  const unsaved = useShell((s) => s.unsaved);
  const answerLeave = useShell((s) => s.answerLeave);
  const [busy, setBusy] = useState(false);
  const { dialog: ref, first } = useModal(leaving !== null);

  async function answer(decision: LeaveDecision) {
    if (busy) return;
    setBusy(true);
    await answerLeave(decision);
    setBusy(false);
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="leave-title"
      data-testid="leave-dialog"
      onCancel={(e) => {
        e.preventDefault();
        void answer('stay');
      }}
    >
      <h2 id="leave-title">{LEAVE_TITLE}</h2>
      <p className="dialog-body">{unsaved ? leaveQuestion(unsaved.what) : ''}</p>
      <div className="actions">
        {LEAVE_BUTTONS.map((label, i) => (
          <button
            key={label}
            ref={i === 0 ? first : undefined}
            type="button"
            className={`button ${i === 0 ? 'button-primary' : ''}`}
            aria-disabled={busy || undefined}
            onClick={() => void answer(DECISIONS[i]!)}
          >
            {busy && i === 0 ? 'Bezig…' : label}
          </button>
        ))}
      </div>
    </dialog>
  );
}

/**
 * Closing the window with unsaved work: the page's beforeunload asks (a browser shows its own question; Electron's
 * main shows Opslaan / Niet opslaan / Annuleren and, for Opslaan, tells the page to save and close).
 */
export function useLeaveOnClose(bridge: BridgeApi): void {
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!useShell.getState().unsaved) return;
      event.preventDefault();
      event.returnValue = ''; // older Chromium needs it set to ask
    };
    window.addEventListener('beforeunload', beforeUnload);
    const off = bridge.subscribe('window:save-before-close', () => {
      const unsaved = useShell.getState().unsaved;
      void (unsaved ? unsaved.save() : Promise.resolve(true)).then((saved) => {
        if (!saved) return;
        useShell.getState().setUnsaved(null);
        window.close();
      });
    });
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      off();
    };
  }, [bridge]);
}
