import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseBytes } from '../../../main/edexml/engine';
import { Unsupported } from '../../../main/edexml/read/fast-scanner';
import { generateEdexml } from '../../helpers/generate-edexml';
import { mutate } from '../../helpers/mutants';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { writeAll, xmllintMany } from '../../helpers/xmllint';

const shared = path.resolve(import.meta.dirname, '../../../../shared/edexml');
const XSD = {
  '2.1': path.join(shared, 'xsd-2.1-open-schooljaar/EDEXML.structuur.xsd'),
  '2.0': path.join(shared, 'xsd-2.0-open-schooljaar/EDEXML.structuur.xsd'),
  '1.03': path.join(shared, 'xsd-1.03-open-schooljaar/EDEXML.structuur.xsd'),
};
/** Cito's LVS extension with the 2.0 set: the verdict on files whose blocks are LVS (or unknown) blocks. */
const LVS_XSD = path.join(shared, 'xsd-2.0-lvs/EDEXML.elementen.lvs.xsd');

interface Case {
  readonly name: string;
  readonly text: string;
}

/**
 * The file without its extension blocks: every `<toevoegingen>` element replaced by as many line breaks as it
 * spanned, so every other line keeps its number (the oracle's line must be ours).
 */
export function stripBlocks(text: string): string {
  return text.replace(/<toevoegingen\b[^>]*\/>|<toevoegingen\b[\s\S]*?<\/toevoegingen>/g, (m) => m.replace(/[^\n]/g, ''));
}

/** Findings that are no verdict of the schema: the note that a file is EDEXML 1.03, and skipped extension blocks. */
const NOT_A_VERDICT = new Set(['xml.version-1', 'xsd.extension-skipped']);

/**
 * Our schema verdict: any xml.* or xsd.* finding (an invalid optional value is a warning here, but the schema rejects
 * it; domain rules are ours alone and not part of the comparison); skipped extension blocks are counted apart.
 */
function ours(text: string) {
  const analysis = analyseBytes(Buffer.from(text));
  const errors = analysis.findings.filter((f) => !NOT_A_VERDICT.has(f.code) && (f.code.startsWith('xsd.') || f.code.startsWith('xml.')));
  const blockWarnings = analysis.findings.filter((f) => f.code === 'xsd.extension-skipped').length;
  return { valid: errors.length === 0, wellFormed: !errors.some((f) => f.code.startsWith('xml.')), lines: errors.map((f) => f.line), findings: errors, blockWarnings };
}

let runs = 0;

/**
 * Everything outside the blocks: xmllint on the file without its `<toevoegingen>` must reject it iff we report an
 * error, at a line we name (a file that is not well-formed is judged as it is). With `blocks`: where the rest is
 * valid, that schema's verdict on the whole file (blocks included) must be "valid" iff we skipped no block.
 */
function compare(version: '2.1' | '2.0' | '1.03', cases: readonly Case[], dir: string, blocks?: string) {
  const sub = (name: string) => {
    const d = path.join(dir, `${runs++}-${name}`);
    fs.mkdirSync(d);
    return d;
  };
  const originals = writeAll(sub('original'), cases);
  const strippedFiles = writeAll(sub('stripped'), cases.map((c) => ({ name: c.name, text: stripBlocks(c.text) })));
  const asIs = xmllintMany(XSD[version], originals);
  const stripped = xmllintMany(XSD[version], strippedFiles);
  const withBlocks = blocks ? xmllintMany(blocks, originals) : null;
  const disagreements: string[] = [];
  cases.forEach((c, i) => {
    const mine = ours(c.text);
    const verdict = mine.wellFormed ? stripped.get(strippedFiles[i]!)! : asIs.get(originals[i]!)!;
    if (verdict.valid !== mine.valid) {
      disagreements.push(`${c.name}: xmllint ${verdict.valid ? 'valid' : `invalid (${verdict.messages[0]})`}, ours ${mine.valid ? 'valid' : `invalid (${mine.findings[0]?.code} r${mine.findings[0]?.line})`}`);
    } else if (!verdict.valid && verdict.lines.length > 0 && !mine.lines.includes(verdict.lines[0]!)) {
      disagreements.push(`${c.name}: xmllint line ${verdict.lines[0]} (${verdict.messages[0]}), ours lines ${mine.lines.join(',')}`);
    } else if (withBlocks && mine.valid) {
      const blockVerdict = withBlocks.get(originals[i]!)!;
      if (blockVerdict.valid !== (mine.blockWarnings === 0)) {
        disagreements.push(`${c.name}: blocks by their schema ${blockVerdict.valid ? 'valid' : `invalid (${blockVerdict.messages[0]})`}, ours ${mine.blockWarnings} block warnings`);
      }
    }
  });
  return disagreements;
}

describe('EDEXML validator agrees with xmllint and the official XSD', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('beheerconsole-diff-');
  });
  afterAll(() => removeTempDir(dir));

  for (const version of ['2.1', '2.0'] as const) {
    it(`official example ${version} and all its single-change mutants (its Opmerking blocks judged by the schema)`, () => {
      const example = fs.readFileSync(path.join(shared, `examples/EDEXML.Voorbeeld.${version}.xml`), 'utf8');
      const cases = [{ name: 'example', text: example }, ...mutate(example)];
      expect(cases.length).toBeGreaterThan(300);
      expect(compare(version, cases, dir, XSD[version])).toEqual([]);
    }, 120_000);
  }

  it('generated VO files and their mutants (first few of each kind)', () => {
    const base = generateEdexml({ pupils: 60, seed: 7 });
    const base20 = generateEdexml({ pupils: 30, seed: 8, version: '2.0' });
    expect(compare('2.1', [{ name: 'generated', text: base }, ...mutate(base, { maxPerKind: 3 })], dir)).toEqual([]);
    expect(compare('2.0', [{ name: 'generated-2.0', text: base20 }, ...mutate(base20, { maxPerKind: 2 })], dir)).toEqual([]);
  }, 120_000);

  it('2.0 files with LVS and Volgsysteem VO blocks, and their mutants: the LVS schema judges the blocks', () => {
    for (const blocks of ['lvs', 'mixed', 'misplaced'] as const) {
      const text = generateEdexml({ pupils: 6, seed: 3, version: '2.0', blocks });
      const cases = [{ name: `${blocks}`, text }, ...mutate(text, { maxPerKind: 3 })];
      expect(cases.some((c) => c.text.includes('LVSGegevensType') || c.text.includes('VolgsysteemVOType'))).toBe(true);
      expect(compare('2.0', cases, dir, LVS_XSD), blocks).toEqual([]);
    }
  }, 120_000);

  it('2.1 files with Volgsysteem VO blocks (and misplaced ones), and their mutants: blocks never make an error', () => {
    for (const blocks of ['volgsysteem', 'misplaced'] as const) {
      const text = generateEdexml({ pupils: 6, seed: 4, blocks });
      expect(ours(text)).toMatchObject({ valid: true, blockWarnings: blocks === 'misplaced' ? 2 : 1 });
      expect(compare('2.1', [{ name: blocks, text }, ...mutate(text, { maxPerKind: 3 })], dir, XSD['2.1']), blocks).toEqual([]);
    }
  }, 120_000);

  it('EDEXML 1.03 by its own schema: generated files (with and without blocks) and their mutants', () => {
    const plain = generateEdexml({ pupils: 30, seed: 5, version: '1.03' });
    const withBlocks = generateEdexml({ pupils: 12, seed: 6, version: '1.03', blocks: 'volgsysteem' });
    expect(compare('1.03', [{ name: '1.03', text: plain }, ...mutate(plain, { maxPerKind: 4 })], dir)).toEqual([]);
    expect(compare('1.03', [{ name: '1.03-blocks', text: withBlocks }, ...mutate(withBlocks, { maxPerKind: 4 })], dir, XSD['1.03'])).toEqual([]);
  }, 120_000);
});

describe('the fast scanner and the full parser give the same findings', () => {
  it('on every mutant of the examples and a generated file (CRLF too)', () => {
    const sources = [
      fs.readFileSync(path.join(shared, 'examples/EDEXML.Voorbeeld.2.1.xml'), 'utf8'),
      fs.readFileSync(path.join(shared, 'examples/EDEXML.Voorbeeld.2.0.xml'), 'utf8'),
      generateEdexml({ pupils: 40, seed: 5 }),
    ];
    const cases = sources.flatMap((text) => [text, text.replace(/\n/g, '\r\n'), ...mutate(text, { maxPerKind: 4 }).map((m) => m.text)]);
    let fastHandled = 0;
    const differences: string[] = [];
    cases.forEach((text, i) => {
      const bytes = Buffer.from(text);
      const full = analyseBytes(bytes, { parser: 'full', keepModel: true });
      let fast;
      try {
        fast = analyseBytes(bytes, { parser: 'fast', keepModel: true });
        fastHandled++;
      } catch {
        return; // not handled by the fast scanner: `auto` falls back to the full parser
      }
      const key = (a: typeof full) => JSON.stringify({ f: a.findings.map((f) => [f.code, f.line, f.message]), d: a.data, c: a.counts });
      if (key(fast) !== key(full)) differences.push(`case ${i}: fast ${JSON.stringify(fast.findings[0])} full ${JSON.stringify(full.findings[0])}`);
    });
    expect(differences).toEqual([]);
    expect(fastHandled).toBeGreaterThan(cases.length * 0.8);
  }, 120_000);
});

describe('the one pass gives exactly the analysis of the general path, or gives up', () => {
  it('on generated files of every version and block kind, the examples, and all their mutants (CRLF and BOM too)', () => {
    const valid = [
      generateEdexml({ pupils: 40, seed: 5 }),
      generateEdexml({ pupils: 30, seed: 8, version: '2.0' }),
      generateEdexml({ pupils: 20, seed: 5, version: '1.03' }),
      generateEdexml({ pupils: 6, seed: 3, version: '2.0', blocks: 'lvs' }),
      // Blocks of a type no schema here defines, and blocks where EDEXML does not expect them: skipped with a warning
      // per kind (its line counted afterwards), as the validator does — the one finding the one pass makes itself.
      generateEdexml({ pupils: 6, seed: 3, version: '2.0', blocks: 'mixed' }),
      generateEdexml({ pupils: 6, seed: 4, blocks: 'volgsysteem' }),
      generateEdexml({ pupils: 12, seed: 6, version: '1.03', blocks: 'volgsysteem' }),
      generateEdexml({ pupils: 6, seed: 4, blocks: 'misplaced' }),
    ];
    const others = [
      fs.readFileSync(path.join(shared, 'examples/EDEXML.Voorbeeld.2.1.xml'), 'utf8'),
      fs.readFileSync(path.join(shared, 'examples/EDEXML.Voorbeeld.2.0.xml'), 'utf8'),
    ];
    const variants = (text: string) => [text, text.replace(/\r?\n/g, '\r\n'), `\uFEFF${text}`];
    const cases = [...valid, ...others].flatMap((text) => [...variants(text), ...mutate(text, { maxPerKind: 2 }).map((m) => m.text)]);
    const key = (a: ReturnType<typeof analyseBytes>) =>
      JSON.stringify({ ok: a.ok, f: a.findings.map((f) => [f.code, f.line, f.column, f.message]), d: a.data, c: a.counts, s: a.school, x: a.dropped, v: a.version, e: a.encoding });
    let handled = 0;
    const differences: string[] = [];
    cases.forEach((text, i) => {
      const bytes = Buffer.from(text);
      const general = analyseBytes(bytes, { parser: 'full', keepModel: true, today: new Date('2026-01-15') });
      let one;
      try {
        one = analyseBytes(bytes, { parser: 'one-pass', keepModel: true, today: new Date('2026-01-15') });
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        return;
      }
      handled++;
      if (key(one) !== key(general)) differences.push(`case ${i}: one pass ${key(one).slice(0, 300)} general ${key(general).slice(0, 300)}`);
    });
    expect(differences).toEqual([]);
    // Every valid file in each of its forms is read by the one pass itself.
    for (const text of valid.flatMap(variants)) expect(() => analyseBytes(Buffer.from(text), { parser: 'one-pass' })).not.toThrow();
    expect(handled).toBeGreaterThan(valid.length * 3);
  }, 120_000);
});

describe('the one pass counts a skipped block’s line afterwards, however far into the file it stands', () => {
  it('a block of an unknown type in the last pupil of a file of several megabytes (LF, CRLF, BOM): the same warning as the general path', () => {
    const text = generateEdexml({ pupils: 6000, seed: 12 });
    const last = text.lastIndexOf('</achternaam>') + '</achternaam>'.length;
    const withBlock = `${text.slice(0, last)}<toevoegingen><blok xsi:type="VolgsysteemVOType"><x/></blok></toevoegingen>${text.slice(last)}`;
    expect(withBlock.length).toBeGreaterThan(3 * 1024 * 1024);
    for (const variant of [withBlock, withBlock.replace(/\r?\n/g, '\r\n'), `\uFEFF${withBlock}`]) {
      const bytes = Buffer.from(variant);
      const one = analyseBytes(bytes, { parser: 'one-pass' });
      const full = analyseBytes(bytes, { parser: 'full' });
      const skipped = one.findings.filter((f) => f.code === 'xsd.extension-skipped');
      expect(skipped).toHaveLength(1);
      expect(skipped[0]!.line).toBeGreaterThan(100000);
      expect(one.findings).toEqual(full.findings);
    }
  }, 120_000);
});
