/** Writes shared/api/openapi.json from the route table (see shared/api/openapi.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { buildOpenApi } from '../shared/api/openapi';

const target = path.resolve(import.meta.dirname, '../shared/api/openapi.json');
fs.writeFileSync(target, `${JSON.stringify(buildOpenApi('1'), null, 2)}\n`);
process.stdout.write(`${path.relative(process.cwd(), target)} written\n`);
