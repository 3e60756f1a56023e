import { describe, expect, it } from 'vitest';
import { checkReadiness, checkWaitLine } from '../../shared/domain/check';
import type { CheckFacts, UploadState } from '../../shared/domain/check';
import { stepProgress } from '../../shared/domain/progress';
import { propertySeed, seededRandom } from '../helpers/random';

describe('step 5 compares only what the service has (issue 15, point 2)', () => {
  it('a confirmed import still queued (offline) is "not sent yet", even with an old fetch on record — no "klassen wijken af"', () => {
    const queued: CheckFacts = { hasConfirmedImport: true, upload: 'queued', fetchedAt: '2026-12-01T10:00:00Z', deliveredAt: null };
    expect(checkReadiness(queued)).toBe('queued');
    const line = checkWaitLine('queued', false);
    expect(line.title).toBe('De bevestigde gegevens zijn nog niet verstuurd');
    expect(`${line.title} ${line.text}`).not.toMatch(/wijk|klantenservice/);
    // Step 5's state agrees: todo, not attention.
    const progress = stepProgress({
      signedIn: false,
      lastSignInAt: null,
      apiConfigured: true,
      pendingImport: null,
      confirmedImport: { schooljaar: '2026-2027', confirmedAt: '2026-12-02T09:00:00Z' },
      upload: 'queued',
      rosterFetchedAt: '2026-12-01T10:00:00Z',
      deliveredAt: null,
      comparison: { classes: 54, mismatched: 54 },
    });
    expect(progress[4]).toMatchObject({ state: 'todo' });
  });

  it('delivered after the last fetch: the lists are stale until fetched again', () => {
    expect(checkReadiness({ hasConfirmedImport: true, upload: 'delivered', fetchedAt: '2026-12-02T09:00:00Z', deliveredAt: '2026-12-02T09:30:00Z' })).toBe('fetching');
    expect(checkReadiness({ hasConfirmedImport: true, upload: 'delivered', fetchedAt: '2026-12-02T09:31:00Z', deliveredAt: '2026-12-02T09:30:00Z' })).toBe('ready');
  });

  it('property: "ready" exactly when confirmed, delivered, and fetched no earlier than the delivery; every other state has Dutch words', () => {
    const seed = propertySeed(5150);
    const random = seededRandom(seed);
    const times = [null, '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z'];
    const uploads: UploadState[] = ['none', 'queued', 'refused', 'delivered'];
    for (let round = 0; round < 1000; round++) {
      const f: CheckFacts = { hasConfirmedImport: random.next() < 0.8, upload: random.pick(uploads), fetchedAt: random.pick(times), deliveredAt: random.pick(times) };
      const r = checkReadiness(f);
      const where = `seed ${seed} round ${round}: ${JSON.stringify(f)}`;
      const ready = f.hasConfirmedImport && f.upload === 'delivered' && f.fetchedAt !== null && (f.deliveredAt === null || f.deliveredAt <= f.fetchedAt);
      expect(r === 'ready', where).toBe(ready);
      if (r !== 'ready') {
        const line = checkWaitLine(r, random.next() < 0.5);
        expect(line.title.length, where).toBeGreaterThan(0);
        expect(line.text.length, where).toBeGreaterThan(0);
      }
    }
  });
});
