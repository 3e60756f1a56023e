import { describe, expect, it } from 'vitest';
import { nextStep, stepProgress } from '../../shared/domain/progress';
import type { LocationFacts } from '../../shared/domain/progress';

const fresh: LocationFacts = {
  signedIn: false,
  lastSignInAt: null,
  apiConfigured: true,
  pendingImport: null,
  confirmedImport: null,
  upload: 'none',
  rosterFetchedAt: null,
  deliveredAt: null,
  comparison: null,
};
const states = (facts: LocationFacts) => stepProgress(facts).map((s) => `${s.id}:${s.state}`);

describe('stepProgress (steps 1–5 from facts)', () => {
  it('starts with everything to do, and names the five steps in order', () => {
    expect(states(fresh)).toEqual(['sign-in:todo', 'import:todo', 'confirm-school:todo', 'load-planner:todo', 'check-availability:todo']);
    expect(nextStep(stepProgress(fresh))).toBe('sign-in');
  });

  it('step 1: done when signed in, attention when a sign-in expired, offline note without an API address', () => {
    expect(stepProgress({ ...fresh, signedIn: true })[0]).toMatchObject({ state: 'done' });
    expect(stepProgress({ ...fresh, lastSignInAt: '2026-01-01T00:00:00Z' })[0]).toMatchObject({ state: 'attention', note: expect.stringContaining('opnieuw aan') });
    expect(stepProgress({ ...fresh, apiConfigured: false })[0]).toMatchObject({ state: 'todo', note: expect.stringContaining('Offline') });
  });

  it('steps 2 and 3: a pending import asks for confirmation; a new file over a confirmed one needs attention', () => {
    const pending = { schooljaar: '2025-2026', importedAt: '2026-01-01T00:00:00Z' };
    const confirmed = { schooljaar: '2025-2026', confirmedAt: '2026-01-01T00:00:00Z' };
    expect(states({ ...fresh, pendingImport: pending }).slice(1, 3)).toEqual(['import:done', 'confirm-school:todo']);
    expect(stepProgress({ ...fresh, pendingImport: pending })[1]!.note).toContain('2025-2026');
    expect(states({ ...fresh, confirmedImport: confirmed }).slice(1, 3)).toEqual(['import:done', 'confirm-school:done']);
    expect(states({ ...fresh, pendingImport: pending, confirmedImport: confirmed }).slice(1, 3)).toEqual(['import:done', 'confirm-school:attention']);
  });

  it('step 4 follows the upload: queued (todo), refused (attention), delivered and fetched (done)', () => {
    const confirmed = { schooljaar: '2025-2026', confirmedAt: '2026-01-01T00:00:00Z' };
    const base = { ...fresh, signedIn: true, confirmedImport: confirmed };
    expect(stepProgress({ ...fresh, upload: 'delivered' })[3]).toMatchObject({ state: 'todo', note: expect.stringContaining('stap 3') });
    expect(stepProgress({ ...base, upload: 'queued' })[3]).toMatchObject({ state: 'todo', note: 'De schoolgegevens worden verstuurd.' });
    expect(stepProgress({ ...base, signedIn: false, upload: 'queued' })[3]!.note).toContain('zodra je bent aangemeld');
    expect(stepProgress({ ...base, upload: 'refused' })[3]).toMatchObject({ state: 'attention' });
    expect(stepProgress({ ...base, upload: 'delivered' })[3]).toMatchObject({ state: 'todo', note: expect.stringContaining('opgehaald') });
    expect(stepProgress({ ...base, upload: 'delivered', rosterFetchedAt: '2026-01-02T00:00:00Z' })[3]).toMatchObject({ state: 'done' });
  });

  it('step 5: done when every class matches, attention with the number that differ, todo before the roster', () => {
    const confirmed = { schooljaar: '2025-2026', confirmedAt: '2026-01-01T00:00:00Z' };
    const ready = { ...fresh, signedIn: true, confirmedImport: confirmed, upload: 'delivered' as const, rosterFetchedAt: '2026-01-02T00:00:00Z' };
    expect(stepProgress({ ...ready, comparison: { classes: 12, mismatched: 0 } })[4]).toMatchObject({ state: 'done', note: 'Alle 12 klassen zijn compleet.' });
    expect(stepProgress({ ...ready, comparison: { classes: 12, mismatched: 1 } })[4]).toMatchObject({ state: 'attention', note: '1 klas wijkt af van het bevestigde bestand.' });
    expect(stepProgress({ ...ready, comparison: { classes: 12, mismatched: 3 } })[4]!.note).toBe('3 klassen wijken af van het bevestigde bestand.');
    expect(stepProgress({ ...ready, comparison: null })[4]!.state).toBe('todo');
    expect(stepProgress({ ...ready, upload: 'queued', comparison: { classes: 12, mismatched: 0 } })[4]!.state).toBe('todo');
    expect(nextStep(stepProgress({ ...ready, comparison: { classes: 12, mismatched: 0 } }))).toBe('check-availability');
  });
});
