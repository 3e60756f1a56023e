import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseBytes } from '../../main/edexml/engine';
import { generateEdexml } from '../helpers/generate-edexml';
import { mutate } from '../helpers/mutants';
import { makeTempDir, removeTempDir } from '../helpers/tmp';
import { writeAll, xmllintMany } from '../helpers/xmllint';

const shared = path.resolve(import.meta.dirname, '../../../shared/edexml');
const XSD = {
  '2.1': path.join(shared, 'xsd-2.1-open-schooljaar/EDEXML.structuur.xsd'),
  '2.0': path.join(shared, 'xsd-2.0-open-schooljaar/EDEXML.structuur.xsd'),
};

interface Case {
  readonly name: string;
  readonly text: string;
}

/** Our schema verdict: any xml.* or xsd.* finding (domain rules are ours alone and not part of the comparison). */
function ours(text: string) {
  const analysis = analyseBytes(Buffer.from(text));
  const schemaFindings = analysis.findings.filter((f) => f.code.startsWith('xsd.') || f.code.startsWith('xml.'));
  return { valid: schemaFindings.length === 0, lines: schemaFindings.map((f) => f.line), findings: schemaFindings };
}

function compare(version: '2.1' | '2.0', cases: readonly Case[], dir: string) {
  const files = writeAll(dir, cases);
  const oracle = xmllintMany(XSD[version], files);
  const disagreements: string[] = [];
  cases.forEach((c, i) => {
    const verdict = oracle.get(files[i]!)!;
    const mine = ours(c.text);
    if (verdict.valid !== mine.valid) {
      disagreements.push(`${c.name}: xmllint ${verdict.valid ? 'valid' : `invalid (${verdict.messages[0]})`}, ours ${mine.valid ? 'valid' : `invalid (${mine.findings[0]?.code} r${mine.findings[0]?.line})`}`);
    } else if (!verdict.valid && verdict.lines.length > 0 && !mine.lines.includes(verdict.lines[0]!)) {
      disagreements.push(`${c.name}: xmllint line ${verdict.lines[0]} (${verdict.messages[0]}), ours lines ${mine.lines.join(',')}`);
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
    it(`official example ${version} and all its single-change mutants`, () => {
      const example = fs.readFileSync(path.join(shared, `examples/EDEXML.Voorbeeld.${version}.xml`), 'utf8');
      const cases = [{ name: 'example', text: example }, ...mutate(example)];
      expect(cases.length).toBeGreaterThan(300);
      expect(compare(version, cases, dir)).toEqual([]);
    }, 120_000);
  }

  it('generated VO files and their mutants (first few of each kind)', () => {
    const base = generateEdexml({ pupils: 60, seed: 7 });
    const base20 = generateEdexml({ pupils: 30, seed: 8, version: '2.0' });
    expect(compare('2.1', [{ name: 'generated', text: base }, ...mutate(base, { maxPerKind: 3 })], dir)).toEqual([]);
    expect(compare('2.0', [{ name: 'generated-2.0', text: base20 }, ...mutate(base20, { maxPerKind: 2 })], dir)).toEqual([]);
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
