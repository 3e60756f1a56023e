/**
 * Compiles the official EDEXML XSDs (../shared/edexml, the copies with the open schooljaar type) into the data
 * modules in main/edexml/schema/. Run after a schema change; the drift test fails when they differ.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_SOURCES } from '../main/edexml/schema/sources';
import { compileSource, renderSchemaModule } from '../main/edexml/schema/compile-xsd';

const root = path.resolve(import.meta.dirname, '..');
for (const source of SCHEMA_SOURCES) {
  const schema = compileSource(root, source);
  const target = path.join(root, source.module);
  fs.writeFileSync(target, renderSchemaModule(schema, source.exportName, source.xsd));
  process.stdout.write(`${source.xsd} → ${source.module} (${Object.keys(schema.types).length} types)\n`);
}
