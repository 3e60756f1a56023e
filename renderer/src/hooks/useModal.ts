import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/**
 * A native <dialog> that is open exactly while `open` is true (showModal traps focus and closes on Escape), with
 * focus on `first` when it opens — the safe or the expected choice. One place for ConfirmDialog, LeaveDialog and the
 * proxy sign-in.
 */
export function useModal<F extends HTMLElement = HTMLButtonElement>(open: boolean): { dialog: RefObject<HTMLDialogElement | null>; first: RefObject<F | null> } {
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<F>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      first.current?.focus();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  return { dialog, first };
}
