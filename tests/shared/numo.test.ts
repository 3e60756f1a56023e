import { describe, expect, it } from 'vitest';
import { NUMO_LEVELS, TERUGSTUUROPTIES, describeTerugstuuroptie, forwardedLevels, levelLadder } from '../../shared/domain/numo';
import type { NumoLevel, Terugstuuroptie } from '../../shared/domain/numo';

const ALL = [...NUMO_LEVELS];

/** Written out by hand from seed 004 (the highest score level that is forwarded; every level below goes too). */
const EXPECTED: Record<NumoLevel, Record<Terugstuuroptie, NumoLevel[]>> = {
  'vmbo-bb': { 2: ALL, 1: ['vmbo-bb', 'vmbo-kb'], 0: ['vmbo-bb'], [-1]: [], [-2]: [] },
  'vmbo-kb': { 2: ALL, 1: ['vmbo-bb', 'vmbo-kb', 'vmbo-gt'], 0: ['vmbo-bb', 'vmbo-kb'], [-1]: ['vmbo-bb'], [-2]: [] },
  'vmbo-gt': { 2: ALL, 1: ['vmbo-bb', 'vmbo-kb', 'vmbo-gt', 'havo'], 0: ['vmbo-bb', 'vmbo-kb', 'vmbo-gt'], [-1]: ['vmbo-bb', 'vmbo-kb'], [-2]: ['vmbo-bb'] },
  havo: { 2: ALL, 1: ALL, 0: ['vmbo-bb', 'vmbo-kb', 'vmbo-gt', 'havo'], [-1]: ['vmbo-bb', 'vmbo-kb', 'vmbo-gt'], [-2]: ['vmbo-bb', 'vmbo-kb'] },
  vwo: { 2: ALL, 1: ALL, 0: ALL, [-1]: ['vmbo-bb', 'vmbo-kb', 'vmbo-gt', 'havo'], [-2]: ['vmbo-bb', 'vmbo-kb', 'vmbo-gt'] },
};

describe('terugstuuroptie (seed 004)', () => {
  for (const level of NUMO_LEVELS) {
    for (const option of TERUGSTUUROPTIES) {
      it(`${level}-toets, optie ${option}: ${EXPECTED[level][option].join(', ') || 'niets'}`, () => {
        expect(forwardedLevels(level, option)).toEqual(EXPECTED[level][option]);
        const ladder = levelLadder(level, option);
        expect(ladder.filter((s) => s.forwarded).map((s) => s.level)).toEqual(EXPECTED[level][option]);
        expect(ladder.filter((s) => s.isTestLevel).map((s) => s.level)).toEqual([level]);
        const sentence = describeTerugstuuroptie(level, option);
        expect(sentence).toMatch(/^Bij een .+-toets met terugstuuroptie [+−]?\d/);
        expect(sentence.endsWith('.')).toBe(true);
      });
    }
  }

  it('the seed\'s example: a havo test with option 0 forwards havo or lower, in words', () => {
    expect(describeTerugstuuroptie('havo', 0)).toBe(
      'Bij een havo-toets met terugstuuroptie 0 gaan de resultaten naar Numo van leerlingen die functioneren op vmbo basis, vmbo kader, vmbo gemengd/theoretisch en havo (toetsniveau of lager).',
    );
    expect(describeTerugstuuroptie('havo', 2)).toContain('alle leerlingen');
    expect(describeTerugstuuroptie('vmbo-bb', -1)).toContain('geen resultaten');
    expect(describeTerugstuuroptie('vmbo-kb', -2)).toContain('twee niveaus onder vmbo kader');
    expect(describeTerugstuuroptie('havo', -1)).toContain('−1');
  });

  it('a higher option never forwards fewer levels (monotone), and +2 always forwards all', () => {
    for (const level of NUMO_LEVELS) {
      const sizes = TERUGSTUUROPTIES.map((o) => forwardedLevels(level, o).length);
      expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
      expect(forwardedLevels(level, 2)).toEqual(ALL);
    }
  });
});
