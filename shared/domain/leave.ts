/**
 * Leaving unsaved work (issue 31, point 3): step 7's roles and classes, like Numo and the IP list, are never dropped
 * without a word. Leaving — another user, another screen, another location, closing the window — asks the same
 * question everywhere with the same three answers; the window's own dialog (Electron) and the renderer's use these.
 */
export const LEAVE_TITLE = 'Niet opgeslagen wijzigingen';

/** The buttons, in this order: the first saves, the second drops the changes, the last stays (also Escape). */
export const LEAVE_BUTTONS = ['Opslaan', 'Niet opslaan', 'Annuleren'] as const;

export type LeaveDecision = 'save' | 'discard' | 'stay';

/** What a button of the leave question means (its index in LEAVE_BUTTONS; anything else — a closed dialog — stays). */
export function leaveDecision(button: number): LeaveDecision {
  return button === 0 ? 'save' : button === 1 ? 'discard' : 'stay';
}

/** The question, naming what is unsaved ("de rollen en klassen van Piet Peters"). */
export function leaveQuestion(what: string): string {
  return `Je hebt ${what} gewijzigd, maar nog niet opgeslagen. Wil je de wijzigingen opslaan?`;
}
