import { describe, expect, it } from 'vitest';
import type { CLOSE_QUESTION } from '../../../main/window/leave';
import { onPreventUnload } from '../../../main/window/leave';
import { leaveDecision, leaveQuestion } from '../../../shared/domain/leave';

/**
 * Issue 31, point 3, the window's side: closing with unsaved work asks Opslaan / Niet opslaan / Annuleren. Electron
 * cannot run here; its handler is this plain function, given the dialog's answer (verified in Electron on paper only).
 */
describe('closing the window with unsaved work', () => {
  const run = (button: number) => {
    const seen = { unloaded: false, saveAsked: false, asked: null as typeof CLOSE_QUESTION | null };
    onPreventUnload(
      { preventDefault: () => (seen.unloaded = true) },
      (box) => {
        seen.asked = box;
        return button;
      },
      () => (seen.saveAsked = true),
    );
    return seen;
  };

  it('asks the three answers in Dutch, Opslaan first and Annuleren on Escape', () => {
    expect(run(2).asked).toMatchObject({ buttons: ['Opslaan', 'Niet opslaan', 'Annuleren'], defaultId: 0, cancelId: 2, title: 'Niet opgeslagen wijzigingen' });
  });

  it('Opslaan: the page saves and closes itself; Niet opslaan: the window closes; Annuleren (or no answer): it stays', () => {
    expect(run(0)).toMatchObject({ unloaded: false, saveAsked: true });
    expect(run(1)).toMatchObject({ unloaded: true, saveAsked: false });
    expect(run(2)).toMatchObject({ unloaded: false, saveAsked: false });
    expect(run(-1)).toMatchObject({ unloaded: false, saveAsked: false });
    expect([0, 1, 2, 3].map(leaveDecision)).toEqual(['save', 'discard', 'stay', 'stay']);
  });

  it('names what is unsaved', () => {
    expect(leaveQuestion('de rollen en klassen van Piet Peters')).toBe('Je hebt de rollen en klassen van Piet Peters gewijzigd, maar nog niet opgeslagen. Wil je de wijzigingen opslaan?');
  });
});
