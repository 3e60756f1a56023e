import type { LeaveDecision } from '../../shared/domain/leave';

/**
 * Unsaved work is guarded (issue 31, point 3): a screen with unsaved changes (step 7's roles and classes) registers
 * them here; every way of leaving — another user, another screen, another location — goes through `leave`, which asks
 * Opslaan / Niet opslaan / Annuleren first (LeaveDialog). Closing the window asks too (App's beforeunload; in Electron
 * the window's own dialog, main/window/leave.ts).
 */
export interface Unsaved {
  /** What is unsaved, for the question: "de rollen en klassen van Piet Peters". */
  readonly what: string;
  /** Saves it; false when that was refused (the screen shows why, and the admin stays). */
  save(): Promise<boolean>;
}

export interface LeaveSlice {
  /** Unsaved work on the screen; null when nothing is unsaved. */
  readonly unsaved: Unsaved | null;
  setUnsaved(unsaved: Unsaved | null): void;
  /** Where the admin wanted to go while work was unsaved: the leave dialog is open while this is set. */
  readonly leaving: (() => void) | null;
  /** Runs `then` now, or — with unsaved work — after the admin answered the leave question. */
  leave(then: () => void): void;
  answerLeave(decision: LeaveDecision): Promise<void>;
}

type Set = (partial: Partial<LeaveSlice>) => void;

export function leaveSlice(set: Set, get: () => LeaveSlice): LeaveSlice {
  return {
    unsaved: null,
    setUnsaved(unsaved) {
      set({ unsaved });
    },
    leaving: null,
    leave(then) {
      if (get().unsaved) set({ leaving: then });
      else then();
    },
    async answerLeave(decision) {
      const { leaving, unsaved } = get();
      if (decision === 'stay' || !leaving) {
        set({ leaving: null });
        return;
      }
      if (decision === 'save' && unsaved && !(await unsaved.save())) {
        set({ leaving: null }); // refused: the screen says why, and the admin stays
        return;
      }
      set({ leaving: null, unsaved: null });
      leaving();
    },
  };
}
