import { LEAVE_BUTTONS, LEAVE_TITLE, leaveDecision } from '../../shared/domain/leave';

/**
 * Closing the window with unsaved work (issue 31, point 3), Electron's side. The page's beforeunload holds the close
 * while something is unsaved; Electron then emits `will-prevent-unload` and this asks the window's own question —
 * Opslaan / Niet opslaan / Annuleren — and acts on it: Niet opslaan lets the page unload (preventDefault ignores the
 * page's hold), Opslaan tells the page to save and close itself, Annuleren keeps the window. Plain: the dialog and the
 * event are handed in, so the decision is tested in Node (tests/main/window/leave.test.ts).
 */
export interface MessageBox {
  readonly type: 'question';
  readonly buttons: string[];
  readonly defaultId: number;
  readonly cancelId: number;
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  readonly noLink: true;
}

export const CLOSE_QUESTION: MessageBox = {
  type: 'question',
  buttons: [...LEAVE_BUTTONS],
  defaultId: 0,
  cancelId: 2,
  title: LEAVE_TITLE,
  message: 'Er zijn wijzigingen die nog niet zijn opgeslagen.',
  detail: 'Wil je ze opslaan voordat de Beheerconsole sluit?',
  noLink: true,
};

export function onPreventUnload(event: { preventDefault(): void }, ask: (box: MessageBox) => number, saveThenClose: () => void): void {
  switch (leaveDecision(ask(CLOSE_QUESTION))) {
    case 'discard':
      event.preventDefault(); // unload anyway: the changes are dropped, as the admin chose
      return;
    case 'save':
      saveThenClose(); // the page saves, then closes the window itself (or stays and shows why saving failed)
      return;
    case 'stay':
      return;
  }
}
