import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/**
 * Tab and Shift+Tab stay inside an open modal dialog (issue 33: Tab left a dialog once — the native <dialog> lets
 * focus go on to the browser's own controls after the last element). Returns the listener's remover.
 */
export function trapTab(dialog: HTMLDialogElement): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const at = document.activeElement;
    if (event.shiftKey && (at === first || !dialog.contains(at))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (at === last || !dialog.contains(at))) {
      event.preventDefault();
      first.focus();
    }
  };
  dialog.addEventListener('keydown', onKey);
  return () => dialog.removeEventListener('keydown', onKey);
}

/**
 * After the next paint: when focus fell to the page itself (the element that had it was removed, or sat in a dialog
 * that closed), it goes to `fallback` — else to the screen's title. Never to <body> (issue 33: after sending an
 * invitation from its dialog and after Esc in the switcher, keyboard users had to start again from the top).
 */
export function keepFocus(fallback?: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => {
    const at = document.activeElement;
    if (at && at !== document.body && at.isConnected) return;
    const target = fallback?.() ?? document.querySelector<HTMLElement>('.screen-title');
    target?.focus();
  });
}

/**
 * A native <dialog> that is open exactly while `open` is true (showModal, Escape closes), with focus on `first` when
 * it opens — the safe or the expected choice — Tab kept inside, and focus given back to what opened it when it closes
 * (or to the screen's title when that is gone). One place for ConfirmDialog, LeaveDialog and the proxy sign-in.
 */
export function useModal<F extends HTMLElement = HTMLButtonElement>(open: boolean): { dialog: RefObject<HTMLDialogElement | null>; first: RefObject<F | null> } {
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<F>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const d = dialog.current;
    return d ? trapTab(d) : undefined;
  }, []);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.showModal();
      first.current?.focus();
    } else if (!open && d.open) {
      d.close();
      const back = opener.current;
      if (back?.isConnected && !(back as HTMLButtonElement).disabled) back.focus();
      keepFocus();
    }
  }, [open]);
  return { dialog, first };
}
