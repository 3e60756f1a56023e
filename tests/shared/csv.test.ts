import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvDocument, csvField } from '../../shared/domain/csv';
import { propertySeed, seededRandom } from '../helpers/random';

describe('CSV the console writes: RFC 4180 and safe to open in Excel', () => {
  it('neutralises a field that starts with =, +, -, @, tab or CR (OWASP CSV injection)', () => {
    expect(csvField('=HYPERLINK("http://evil.example","klik")')).toBe(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(csvField('+31 6 1234')).toBe(`"'+31 6 1234"`);
    expect(csvField('-2+3')).toBe(`"'-2+3"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('Jan = Piet')).toBe('Jan = Piet');
    expect(csvField('gewoon')).toBe('gewoon');
    expect(csvField('a;b')).toBe('"a;b"');
  });

  it('generated fields: read back, every cell is the value (with an apostrophe before a formula start) and none starts a formula', () => {
    const seed = propertySeed(99);
    const random = seededRandom(seed);
    const alphabet = ['a', 'Z', ' ', ';', ',', '"', '\r\n', '\n', '=', '+', '-', '@', '\t', '\r', 'é', "'"];
    for (let round = 0; round < 1000; round++) {
      const rows = Array.from({ length: 1 + random.int(3) }, () => Array.from({ length: 3 }, () => Array.from({ length: random.int(8) }, () => random.pick(alphabet)).join('')));
      const text = csvDocument(['A', 'B', 'C'], rows);
      const parsed = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n', skipEmptyLines: false }).data.slice(1, rows.length + 1);
      const where = `seed ${seed} round ${round}: ${JSON.stringify(rows)}`;
      expect(parsed, where).toEqual(rows.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))));
      for (const cell of parsed.flat()) expect(/^[=+\-@\t\r]/.test(cell), where).toBe(false);
    }
  });
});
