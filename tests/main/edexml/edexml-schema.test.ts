import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSource, renderSchemaModule, translatePattern } from '../../../main/edexml/schema/compile-xsd';
import { SCHEMA_SOURCES } from '../../../main/edexml/schema/sources';

const root = path.resolve(import.meta.dirname, '../../..');

describe('compiled EDEXML schema', () => {
  for (const source of SCHEMA_SOURCES) {
    it(`${source.module} is what the official XSD ${source.version} compiles to (run npm run generate:edexml-schema)`, () => {
      const schema = compileSource(root, source);
      expect(fs.readFileSync(path.join(root, source.module), 'utf8')).toBe(renderSchemaModule(schema, source.exportName, source.xsd));
      expect(schema.root).toEqual({ name: 'EDEX', type: 'EDEXType' });
      if ('extends' in source) expect(Object.keys(schema.types)).toContain('LVSGegevensType');
      else expect(schema.identity.map((c) => c.name)).toContain('leerlingKey');
    });
  }

  it('translates XSD regexes: implicit anchors, \\d as any Unicode digit', () => {
    const re = new RegExp(translatePattern('\\d{4}-\\d{4}'), 'u');
    expect(re.test('2025-2026')).toBe(true);
    expect(re.test('x2025-2026')).toBe(false);
    expect(re.test('٢٠٢٥-٢٠٢٦')).toBe(true);
    expect(() => translatePattern('\\i\\c*')).toThrow(/Unsupported/);
  });
});
