import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ipAllowlistSchema, numoSchema, userInputSchema, userPatchSchema } from '../../shared/api/resources';
import { bridgeContract } from '../../shared/bridge';
import { validateAllowlist } from '../../shared/domain/ip';
import { findInvisible, freeText, isCleanText, normalizeText } from '../../shared/domain/text';
import { propertySeed, seededRandom } from '../helpers/random';

/** One of each kind the rule refuses: C0 (NUL, BEL, ESC, TAB, CR, LF), DEL, C1, bidi overrides and marks, zero-width. */
const FORBIDDEN: Array<[string, string]> = [
  ['NUL', '\u0000'], ['BEL', '\u0007'], ['ESC sequence', '\u001b[31m'], ['TAB', '\t'], ['CR', '\r'], ['LF', '\n'], ['DEL', '\u007f'],
  ['C1 (NEL)', '\u0085'], ['C1 (CSI)', '\u009b'], ['right-to-left override', '\u202e'], ['left-to-right embedding', '\u202a'],
  ['right-to-left isolate', '\u2067'], ['right-to-left mark', '\u200f'], ['arabic letter mark', '\u061c'], ['zero-width space', '\u200b'],
  ['zero-width joiner', '\u200d'], ['word joiner', '\u2060'], ['byte order mark', '\ufeff'], ['soft hyphen', '\u00ad'],
  ['tag character', '\u{E0041}'], ['lone surrogate', '\ud800'], ['line separator', '\u2028'],
];

const ALLOWED = ['Johan', 'Öztürk', 'van der Berg', "D'Ancona", 'Jean-Luc', 'Zoë', 'Şükrü', 'Ñúñez', '李', 'Łukasz', 'Ærø', 'A. B.'];

/** Every free-text field of the contract that the rule covers, with a valid object around it. */
const userFields = ['voornaam', 'initialen', 'voorvoegsel', 'achternaam'] as const;
const validUser = { voornaam: 'Johan', initialen: 'J.', voorvoegsel: 'de', achternaam: 'Vries', email: 'j@school.example' };
const validNumo = {
  klantnummer: '12345', schoolnaam: 'Het Lyceum', aanhef: 'meneer', voornaam: 'Piet', achternaam: 'Jansen', email: 'p@school.example',
  maximumNiveau: 'havo', korteSchoolnaam: 'HLyc', terugstuuroptie: 0,
};
const textFields: Array<[string, z.ZodType, (v: string) => unknown, string]> = [
  ...userFields.map((f) => [`API/bridge user ${f}`, userInputSchema, (v: string) => ({ ...validUser, [f]: v }), f] as [string, z.ZodType, (v: string) => unknown, string]),
  ...userFields.map((f) => [`user patch ${f}`, userPatchSchema, (v: string) => ({ [f]: v }), f] as [string, z.ZodType, (v: string) => unknown, string]),
  ['location name', bridgeContract['locations:add'].input, (v) => ({ brin6: '99ZX10', name: v, username: '' }), 'name'],
  ['location username', bridgeContract['locations:add'].input, (v) => ({ brin6: '99ZX10', name: 'A', username: `u${v}` }), 'username'],
  ['numo (bridge) schoolnaam', bridgeContract['numo:save'].input, (v) => ({ brin6: '99ZX10', registration: { ...validNumo, aanhef: 'meneer', schoolnaam: `S${v}` } }), 'schoolnaam'],
  ['numo (API) korteSchoolnaam', numoSchema, (v) => ({ ...validNumo, korteSchoolnaam: `K${v}` }), 'korteSchoolnaam'],
  ['allowlist (API) label', ipAllowlistSchema, (v) => ({ entries: [{ address: '145.1.2.3', label: `L${v}`, until: null }] }), 'label'],
  ['plan task title', bridgeContract['plan:save-task'].input, (v) => ({ brin6: '99ZX10', schooljaar: '2025-2026', task: { title: `T${v}`, ownerRole: 'coordinator', due: null, done: false, note: '' } }), 'title'],
  ['plan task note', bridgeContract['plan:save-task'].input, (v) => ({ brin6: '99ZX10', schooljaar: '2025-2026', task: { title: 'T', ownerRole: 'coordinator', due: null, done: false, note: `N${v}` } }), 'note'],
];

describe('one text rule for every free-text field', () => {
  it('finds every kind of invisible or control character, and none in ordinary names', () => {
    for (const [name, c] of FORBIDDEN) expect(findInvisible(`Ber${c}g`), name).not.toBeNull();
    for (const name of ALLOWED) expect(findInvisible(name), name).toBeNull();
  });

  it('normalises to NFC and trims', () => {
    expect(normalizeText('  Zoe\u0308  ')).toBe('Zoë');
    expect(userPatchSchema.parse({ achternaam: ' Mu\u0308ller ' })).toEqual({ achternaam: 'Müller' });
  });

  for (const [name, schema, wrap] of textFields) {
    it(`${name}: refuses each forbidden character inside the text, with a Dutch message`, () => {
      for (const [kind, c] of FORBIDDEN) {
        const result = schema.safeParse(wrap(`Ber${c}g`));
        expect(result.success, `${name} with ${kind}`).toBe(false);
        expect(result.error?.issues[0]?.message, `${name} with ${kind}`).toMatch(/onzichtbaar teken; typ .* opnieuw\./);
      }
      for (const ok of ALLOWED) expect(schema.safeParse(wrap(ok)).success, `${name}: ${ok}`).toBe(true);
    });
  }

  it('names the field: "De achternaam bevat een onzichtbaar teken; typ de naam opnieuw."', () => {
    const result = userInputSchema.safeParse({ ...validUser, achternaam: 'Berg\u200b' });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['achternaam', 'De achternaam bevat een onzichtbaar teken; typ de naam opnieuw.']]);
    expect(freeText({ field: 'de omschrijving', max: 10 }).safeParse('a\u0007').error?.issues[0]?.message).toBe('De omschrijving bevat een onzichtbaar teken; typ het opnieuw.');
  });

  it('the allowlist rule (shared by the form and main) reports the label with its row', () => {
    const result = validateAllowlist([{ address: '145.1.2.3', label: 'ok', until: null }, { address: '145.1.2.4', label: 'Lokaal\u202e12', until: null }]);
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ index: 1, field: 'label', problem: 'invisible', message: 'De omschrijving bevat een onzichtbaar teken; typ het opnieuw.' })] });
  });

  it('generated strings: accepted exactly when clean after normalising, and then stored NFC and trimmed', () => {
    const seed = propertySeed(777);
    const random = seededRandom(seed);
    const alphabet = ['a', 'B', 'é', 'e\u0301', ' ', '-', "'", ...FORBIDDEN.map(([, c]) => c)];
    const schema = freeText({ field: 'de naam', max: 64 });
    for (let round = 0; round < 2000; round++) {
      const value = Array.from({ length: 1 + random.int(12) }, () => random.pick(alphabet)).join('');
      const result = schema.safeParse(value);
      const where = `seed ${seed} round ${round}: ${JSON.stringify(value)}`;
      expect(result.success, where).toBe(isCleanText(value) && normalizeText(value).length <= 64);
      if (result.success) {
        expect(result.data, where).toBe(result.data.normalize('NFC').trim());
        expect(findInvisible(result.data), where).toBeNull();
      }
    }
  });
});
