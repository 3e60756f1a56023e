import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseBytes, analyseFile } from '../../../main/edexml/engine';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { generateEdexml } from '../../helpers/generate-edexml';

const example = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../shared/edexml/examples/EDEXML.Voorbeeld.2.1.xml'), 'utf8');
const small = generateEdexml({ pupils: 5, seed: 3 });

function codes(bytes: Uint8Array | string) {
  const a = analyseBytes(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
  return { a, codes: a.findings.filter((f) => f.severity === 'error').map((f) => f.code) };
}

function utf16(text: string, littleEndian: boolean, bom = true): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const body = littleEndian ? le : Buffer.from(le.map((_, i) => le[i ^ 1]!));
  return Buffer.concat([bom ? Buffer.from(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), body]);
}

describe('reading EDEXML bytes', () => {
  it('keeps leading zeros and types as strings (fast-xml-parser pitfall)', () => {
    const { a } = codes(example.replace('key="00001"', 'key="00001"'));
    const data = analyseBytes(Buffer.from(example), { keepModel: true }).data!;
    expect(a.ok).toBe(true);
    expect(data.leerlingen[0]?.key).toBe('00001');
    expect(data.school.dependancecode).toBe('00');
    expect(data.school.brin6).toBe('99ZZ00');
    expect(data.groepen.find((g) => g.key === '001')?.jaargroep).toBe('0');
  });

  it('reads one class and one pupil as lists (no object-or-array surprise)', () => {
    const one = generateEdexml({ pupils: 1, seed: 1 });
    const data = analyseBytes(Buffer.from(one), { keepModel: true }).data!;
    expect(data.groepen.filter((g) => !g.samengesteld)).toHaveLength(1);
    expect(data.leerlingen).toHaveLength(1);
    expect(data.leerlingen[0]?.samengesteldeGroepen).toHaveLength(1);
  });

  it('decodes UTF-8 with BOM, UTF-16 LE/BE with BOM, and ISO-8859-1 / Windows-1252 as declared', () => {
    const withName = small.replace(/<achternaam>[^<]*<\/achternaam>/, '<achternaam>Öztürk-Çelik</achternaam>');
    const variants: Array<[string, Buffer]> = [
      ['utf-8 bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withName)])],
      ['utf-16le', utf16(withName.replace('encoding="UTF-8"', 'encoding="UTF-16"'), true)],
      ['utf-16be', utf16(withName.replace('encoding="UTF-8"', 'encoding="UTF-16"'), false)],
      ['iso-8859-1', Buffer.from(withName.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1')],
      ['windows-1252 crlf', Buffer.from(withName.replace('encoding="UTF-8"', 'encoding="windows-1252"').replace(/\n/g, '\r\n'), 'latin1')],
    ];
    for (const [name, bytes] of variants) {
      const a = analyseBytes(bytes, { keepModel: true });
      expect(a.ok, name).toBe(true);
      expect(a.data?.leerlingen[0]?.achternaam, name).toBe('Öztürk-Çelik');
    }
  });

  it('refuses invalid UTF-8 with the line, instead of storing U+FFFD in a name', () => {
    const lines = small.split('\n');
    const at = lines.findIndex((l) => l.includes('<achternaam>'));
    const bytes = Buffer.concat([Buffer.from(lines.slice(0, at).join('\n') + '\n'), Buffer.from('\t\t\t<achternaam>M'), Buffer.from([0xc3, 0x28]), Buffer.from('ller</achternaam>\n' + lines.slice(at + 1).join('\n'))]);
    const { a, codes: c } = codes(bytes);
    expect(c).toEqual(['xml.encoding']);
    expect(a.findings[0]?.line).toBe(at + 1);
    expect(a.findings[0]?.message).toMatch(/geen geldige UTF-8/);
  });

  it('refuses an encoding it cannot read, by name', () => {
    const { a, codes: c } = codes(small.replace('encoding="UTF-8"', 'encoding="EBCDIC-XYZ"'));
    expect(c).toEqual(['xml.encoding']);
    expect(a.findings[0]?.message).toContain('EBCDIC-XYZ');
  });
});

describe('hostile and broken input: a clear Dutch error, no crash, nothing kept', () => {
  it('rejects any DOCTYPE, so no entity is ever expanded', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE EDEX [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<EDEX>&b;</EDEX>`;
    const { a, codes: c } = codes(bomb);
    expect(c).toEqual(['xml.doctype']);
    expect(a.findings[0]?.message).toMatch(/DOCTYPE/);
    expect(a.data).toBeNull();
    const external = `<?xml version="1.0"?>\n<!DOCTYPE EDEX SYSTEM "file:///etc/passwd">\n<EDEX/>`;
    expect(codes(external).codes).toEqual(['xml.doctype']);
  });

  it('refuses an empty file, a whitespace-only file, binary data and a spreadsheet', () => {
    expect(codes('').codes).toEqual(['xml.empty']);
    expect(codes('  \n\t ').codes).toEqual(['xml.empty']);
    expect(codes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00])).codes).toEqual(['file.not-edexml']);
    expect(codes(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10])).codes.length).toBe(1);
    expect(codes('leerling;klas\n00001;1A\n').codes).toEqual(['xml.not-xml']);
  });

  it('says what a renamed file really is (a PNG got "exporteer opnieuw als UTF-8"), and what to choose instead', () => {
    const png = analyseBytes(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]));
    expect(png.findings).toEqual([
      { severity: 'error', code: 'file.not-edexml', line: 0, column: 0, message: 'Dit is geen EDEXML-bestand: het lijkt een afbeelding (PNG). Kies het EDEXML-bestand (.xml) dat je uit je leerlingadministratie exporteerde.' },
    ]);
    expect(analyseBytes(Buffer.from('%PDF-1.7\n%âãÏÓ\n')).findings[0]!.message).toContain('het lijkt een PDF-document');
    expect(analyseBytes(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])).findings[0]!.message).toContain('Excel- of Word-bestand (oude indeling)');
    // Text that merely starts like one is read as XML: no XML can start with these bytes, but "PK" as text is not a zip.
    expect(codes('PK is geen zip').codes).toEqual(['xml.not-xml']);
  });

  it('reports a truncated file as incomplete', () => {
    const { a, codes: c } = codes(small.slice(0, Math.floor(small.length / 2)));
    expect(c).toEqual(['xml.truncated']);
    expect(a.findings[0]?.message).toMatch(/halverwege/);
  });

  it('reports mismatched tags with line and column', () => {
    const broken = small.replace('</achternaam>', '</achternam>');
    const { a, codes: c } = codes(broken);
    expect(c).toEqual(['xml.not-well-formed']);
    expect(a.findings[0]?.line).toBeGreaterThan(1);
  });

  it('refuses files above the size cap before reading them', () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'groot.xml');
      fs.writeFileSync(file, small);
      const a = analyseFile(file, { maxBytes: 100 });
      expect(a.findings.map((f) => f.code)).toEqual(['io.too-large']);
      expect(analyseFile(path.join(dir, 'bestaat-niet.xml')).findings[0]?.code).toBe('io.unreadable');
      expect(analyseFile(dir).findings[0]?.message).toContain('is een map');
    } finally {
      removeTempDir(dir);
    }
  });

  it('reads an EDEXML 1.03 file by the 1.03 schema: what maps onto EDEXML 2 is imported, a jaargroep 100 is refused', () => {
    const old = generateEdexml({ pupils: 30, seed: 5, version: '1.03' });
    const a = analyseBytes(Buffer.from(old), { keepModel: true, today: new Date('2025-10-01') });
    expect(a.version).toBe('1.03');
    expect(a.ok).toBe(true);
    expect(a.findings.map((f) => f.code)).toEqual(['xml.version-1']);
    expect(a.findings[0]?.message).toContain('schema van EDEXML 1.03');
    expect(a.data?.leerlingen).toHaveLength(30);
    expect(a.data?.leerlingen[0]).toMatchObject({ groep: 'K0001', achternaam: expect.any(String), roepnaam: expect.any(String) });
    expect(a.data?.school.brin6).toBe('99ZX10');
    expect(a.dropped).toEqual(['geboorteland', 'postcode', 'sofinummer']);
    const hundred = analyseBytes(Buffer.from(old.replace('<jaargroep>11</jaargroep>', '<jaargroep>100</jaargroep>')));
    expect(hundred.ok).toBe(false);
    expect(hundred.findings.find((f) => f.severity === 'error')).toMatchObject({ code: 'xsd.invalid-value', line: 15 });
    const broken = analyseBytes(Buffer.from(old.replace(/<groep key="K0001"\/>/, '<groep key="K9999"/>')));
    expect(broken.ok).toBe(false);
    expect(broken.findings.map((f) => f.code)).toContain('xsd.unresolved-reference');
  });
});

describe('extension blocks (<toevoegingen>)', () => {
  it("Cito's LVS block in a 2.0 file is checked by its schema and dropped: no finding, 'toevoegingen' among what was not kept", () => {
    const a = analyseBytes(Buffer.from(generateEdexml({ pupils: 9, seed: 2, version: '2.0', blocks: 'lvs' })), { keepModel: true, today: new Date('2025-10-01') });
    expect(a.ok).toBe(true);
    expect(a.findings).toEqual([]);
    expect(a.dropped).toContain('toevoegingen (extra blokken)');
    expect(JSON.stringify(a.data)).not.toMatch(/rugzakleerling|Leerlingvolgsysteem/);
  });

  it('an LVS block with content its schema rejects, or of an unknown type, is one warning with its line, never an error', () => {
    const lvs = generateEdexml({ pupils: 9, seed: 2, blocks: 'lvs' }).replace('<rugzakleerling>false</rugzakleerling>', '<rugzakleerling>misschien</rugzakleerling>');
    const a = analyseBytes(Buffer.from(lvs), { keepModel: true, today: new Date('2025-10-01') });
    expect(a.ok).toBe(true);
    expect(a.findings).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'xsd.extension-skipped', message: expect.stringMatching(/^Regel \d+: extra gegevens van je leerlingadministratie \(blok LVSGegevens\) zijn overgeslagen; de console gebruikt ze niet\.$/) }),
    ]);
    const vvo = analyseBytes(Buffer.from(generateEdexml({ pupils: 9, seed: 2, blocks: 'volgsysteem' })), { keepModel: true, today: new Date('2025-10-01') });
    expect(vvo.ok).toBe(true);
    expect(vvo.findings.map((f) => f.message)).toEqual([expect.stringContaining('(blok VolgsysteemVO) zijn overgeslagen; de console gebruikt ze niet. Dit geldt voor 3 blokken in het bestand.')]);
    expect(JSON.stringify(vvo.data)).not.toContain('bsn_ondwnr');
    expect(vvo.data?.leerlingen).toHaveLength(9);
  });
});

describe('minimising personal data (AVG)', () => {
  it('never keeps BSN, countries or postcodes, and says which kinds were dropped', () => {
    const a = analyseBytes(Buffer.from(example), { keepModel: true });
    const stored = JSON.stringify(a.data);
    for (const sensitive of ['123456789', '999999999', 'bsn', 'postcode', '6030', 'land']) {
      expect(stored).not.toContain(sensitive);
    }
    expect(a.dropped).toEqual(expect.arrayContaining(['BSN', 'geboorteland', 'postcode']));
    const generated = analyseBytes(Buffer.from(small), { keepModel: true });
    const bsn = /<bsn>(\d+)<\/bsn>/.exec(small)![1]!;
    expect(JSON.stringify(generated.data)).not.toContain(bsn);
    expect(JSON.stringify(generated.findings)).not.toContain(bsn);
  });

  it('does not repeat a pupil name or BSN in a finding', () => {
    const bad = small.replace(/<bsn>\d+<\/bsn>/, '<bsn>12345</bsn>').replace(/<achternaam>[^<]*<\/achternaam>/, `<achternaam>${'Geheimnaam'.repeat(30)}</achternaam>`);
    const a = analyseBytes(Buffer.from(bad));
    expect(a.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(a.findings)).not.toMatch(/12345|Geheimnaam/);
  });
});

describe('domain checks beyond the XSD', () => {
  it('blocks a file of another location, naming both BRIN6 codes', () => {
    const a = analyseBytes(Buffer.from(small), { targetBrin6: '99ZX11' });
    const finding = a.findings.find((f) => f.code === 'domain.other-location');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('99ZX10');
    expect(finding?.message).toContain('99ZX11');
    expect(a.ok).toBe(false);
  });

  it('blocks a Flemish file and a file without school identification', () => {
    const flemish = small.replace(/<brincode>.*<\/brincode>\s*<dependancecode>.*<\/dependancecode>/s, '<instellingsnummer>123456</instellingsnummer>');
    expect(analyseBytes(Buffer.from(flemish)).findings.map((f) => f.code)).toContain('domain.flemish-school');
    const anonymous = small.replace(/<brincode>.*<\/schoolkey>/s, '');
    const a = analyseBytes(Buffer.from(anonymous));
    expect(a.findings.map((f) => f.code)).toContain('domain.no-school-id');
    expect(a.ok).toBe(false);
  });

  it('accepts only consecutive school years, and warns about another school year', () => {
    const today = new Date('2025-11-01');
    expect(analyseBytes(Buffer.from(small), { today }).findings).toEqual([]);
    expect(analyseBytes(Buffer.from(small.replace('2025-2026', '2026-2027')), { today }).findings).toEqual([]);
    const old = analyseBytes(Buffer.from(small.replace('2025-2026', '2023-2024')), { today });
    expect(old.findings.map((f) => [f.code, f.severity])).toEqual([['domain.schooljaar-other', 'warning']]);
    const gap = analyseBytes(Buffer.from(small.replace('2025-2026', '2025-2027')), { today });
    expect(gap.findings.map((f) => [f.code, f.severity])).toEqual([['domain.schooljaar', 'error']]);
  });

  it('warns with counts about pupils without a class, empty classes and non-VO years', () => {
    const a = analyseBytes(Buffer.from(example), { today: new Date('2014-10-01') });
    const byCode = Object.fromEntries(a.findings.map((f) => [f.code, f]));
    expect(byCode['domain.pupils-without-class']?.message).toMatch(/^2 leerlingen/);
    expect(byCode['domain.empty-classes']?.message).toMatch(/^4 klassen/);
    expect(byCode['domain.non-vo-jaargroep']?.message).toMatch(/^5 klassen en 3 leerlingen/);
    expect(a.ok).toBe(true);
  });
});
