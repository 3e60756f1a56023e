import { describe, expect, it } from 'vitest';
import { DEFAULT_REMOVAL_THRESHOLD_PERCENT, expectedLeavers, guardAcknowledged, leaversLine, MINIMUM_GUARDED_REMOVALS, removalGuard, schoolYearGuard, yearAcknowledged } from '../../shared/domain/import-guard';
import type { RemovalFacts } from '../../shared/domain/import-guard';
import { propertySeed, seededRandom } from '../helpers/random';

const facts = (f: Partial<RemovalFacts>): RemovalFacts => ({
  confirmedPupils: 1954, removedPupils: 0, pupilsInRemovedClasses: 0, removedClasses: 0, schoolkeyBefore: '41323', schoolkeyAfter: '41323', ...f,
});

describe('the guard against destructive files', () => {
  it("the issue's file: 1.804 of 1.954 pupils gone needs typing 1804, with the numbers in Dutch", () => {
    const guard = removalGuard(facts({ removedPupils: 1804, pupilsInRemovedClasses: 1700, removedClasses: 65 }));
    expect(guard).toMatchObject({ needed: true, kind: 'removal', confirmText: '1804', percent: 92 });
    expect(guard.reasons).toEqual([
      '1.804 van 1.954 leerlingen (92 %) verdwijnen bij de centrale dienst.',
      '65 klassen verdwijnen, met samen 1.700 van de 1.954 leerlingen (87 %) die niet in een andere klas terugkomen.',
    ]);
    expect(guardAcknowledged(guard, undefined)).toBe(false);
    expect(guardAcknowledged(guard, '1800')).toBe(false);
    expect(guardAcknowledged(guard, ' 1.804 ')).toBe(true);
  });

  it('thresholds: more than 10 % and at least 20 pupils; the class rule alike; the first import is never guarded', () => {
    expect(DEFAULT_REMOVAL_THRESHOLD_PERCENT).toBe(10);
    expect(removalGuard(facts({ confirmedPupils: 200, removedPupils: 20 })).needed).toBe(false); // exactly 10 %
    expect(removalGuard(facts({ confirmedPupils: 199, removedPupils: 20 })).needed).toBe(true); // 10.05 %
    expect(removalGuard(facts({ confirmedPupils: 100, removedPupils: 19 })).needed).toBe(false); // 19 %, but fewer than 20
    expect(removalGuard(facts({ confirmedPupils: 100, removedPupils: 20 })).needed).toBe(true);
    expect(removalGuard(facts({ confirmedPupils: 300, pupilsInRemovedClasses: 31, removedClasses: 1 }))).toMatchObject({ needed: true, confirmText: '0' });
    expect(removalGuard(facts({ confirmedPupils: 0, removedPupils: 0, schoolkeyBefore: null })).needed).toBe(false);
    expect(removalGuard(facts({ confirmedPupils: 1000, removedPupils: 150 }), 20).needed).toBe(false); // a setting of 20 %
  });

  it('another schoolkey needs typing the new schoolkey; an unknown schoolkey on either side is no difference', () => {
    const guard = removalGuard(facts({ schoolkeyAfter: '99999' }));
    // Headed as what it is (issue 33: "dit bestand haalt veel weg" with 0 pupils removed): another school's file.
    expect(guard).toMatchObject({ needed: true, kind: 'other-school', confirmText: '99999', removedPupils: 0 });
    expect(removalGuard(facts({})).kind).toBeNull();
    expect(guard.reasons[0]).toContain('schoolkey 99999');
    expect(removalGuard(facts({ schoolkeyAfter: null })).needed).toBe(false);
  });

  it('generated facts: needed exactly when a rule applies, and the typed number always unlocks it (many rounds)', () => {
    const seed = propertySeed(1804);
    const random = seededRandom(seed);
    for (let round = 0; round < 2000; round++) {
      const total = random.int(3000);
      const removed = random.int(total + 1);
      const inClasses = random.int(removed + 1);
      // Some of the removed pupils in exam classes of a next-year file: expected, never counted by the rules.
      const nextYear = random.next() < 0.5;
      const examTotal = random.int(removed + 1);
      const examLeft = random.int(examTotal + 1);
      const f = facts({
        confirmedPupils: total, removedPupils: removed, pupilsInRemovedClasses: inClasses, removedClasses: inClasses > 0 ? 1 + random.int(5) : 0, schoolkeyAfter: random.next() < 0.1 ? '1' : '41323',
        nextYear, leaverGroups: [{ classKey: 'EX', jaargroep: '16', total: examTotal, left: examLeft }, { classKey: 'X', jaargroep: '12', total: 2 * total + 1, left: removed - examLeft }],
      });
      const guard = removalGuard(f);
      const expected = nextYear && examTotal > 0 && examLeft * 2 >= examTotal ? examLeft : 0;
      const unexpected = removed - expected;
      const unexpectedInClasses = Math.max(0, inClasses - expected);
      const rule =
        total > 0 &&
        ((unexpected >= MINIMUM_GUARDED_REMOVALS && unexpected * 100 > total * 10) || (unexpectedInClasses >= MINIMUM_GUARDED_REMOVALS && unexpectedInClasses * 100 > total * 10) || f.schoolkeyAfter !== f.schoolkeyBefore);
      expect(expectedLeavers(f), `seed ${seed} round ${round}`).toBe(expected);
      expect(guard.needed, `seed ${seed} round ${round}: ${JSON.stringify(f)}`).toBe(rule);
      if (guard.needed) expect(guardAcknowledged(guard, guard.confirmText!)).toBe(true);
    }
  });
});

describe('pupils who leave (issue 37, point 0)', () => {
  const groups = [
    { classKey: 'K6A', jaargroep: '16', total: 28, left: 28 },
    { classKey: 'K6B', jaargroep: '16', total: 27, left: 26 },
    { classKey: 'K5A', jaargroep: '15', total: 30, left: 18 },
    { classKey: 'K2A', jaargroep: '12', total: 29, left: 3 },
    { classKey: null, jaargroep: null, total: 2, left: 1 },
  ];

  it('next year: the classes most of which left are the exam classes (expected); the rest is said apart, by jaargroep', () => {
    const f = facts({ removedPupils: 76, nextYear: true, leaverGroups: groups });
    expect(expectedLeavers(f)).toBe(72);
    expect(leaversLine(f)).toBe('Vertrokken: 76 leerlingen — 72 uit eindexamenklassen (jaargroep 16: 54, jaargroep 15: 18) en 4 uit andere klassen (jaargroep 12: 3, zonder klas: 1).');
    expect(removalGuard(f, 2)).toMatchObject({ needed: false, expectedLeavers: 72 });
  });

  it('within one school year nobody\'s leaving is expected; nobody leaving says nothing', () => {
    const f = facts({ removedPupils: 76, nextYear: false, leaverGroups: groups });
    expect(expectedLeavers(f)).toBe(0);
    expect(leaversLine(f)).toBe('Vertrokken: 76 leerlingen (jaargroep 16: 54, jaargroep 15: 18, jaargroep 12: 3, zonder klas: 1).');
    expect(removalGuard(f, 2)).toMatchObject({ needed: true, confirmText: '76' });
    expect(leaversLine(facts({ leaverGroups: [{ classKey: 'K1A', jaargroep: '11', total: 20, left: 0 }] }))).toBeNull();
  });
});

describe('the school-year guard (issue 33, point 2)', () => {
  it('asks for the file\'s year only when it is not the current one; accepts it as people type it', () => {
    expect(schoolYearGuard('2026-2027', '2026-2027').needed).toBe(false);
    expect(schoolYearGuard('', '2026-2027').needed).toBe(false); // no year in the file: the XSD check reports that
    const guard = schoolYearGuard('2014-2015', '2026-2027');
    expect(guard).toEqual({ needed: true, schooljaar: '2014-2015', current: '2026-2027' });
    for (const typed of ['2014-2015', ' 2014 - 2015 ', '2014/2015', '2014–2015']) expect(yearAcknowledged(guard, typed), typed).toBe(true);
    for (const typed of [undefined, '', '2026-2027', '2014', 'ja']) expect(yearAcknowledged(guard, typed), String(typed)).toBe(false);
    expect(yearAcknowledged(schoolYearGuard('2026-2027', '2026-2027'), undefined)).toBe(true);
  });
});
