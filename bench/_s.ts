import fs from 'node:fs';
import { FastScanner } from '../main/edexml/read/fast-scanner';
import { SchemaValidator } from '../main/edexml/validate/validator';
import { edexml21 } from '../main/edexml/schema/edexml-2.1.generated';
const buf = fs.readFileSync('/tmp/gen100k.xml');
for (let k = 0; k < 3; k++) {
  let t = Date.now();
  let s = new FastScanner({ open() {}, text() {}, close() {} });
  for (let i = 0; i < buf.length; i += 1 << 20) s.write(buf.subarray(i, i + (1 << 20)));
  s.end();
  const t1 = Date.now() - t;
  t = Date.now();
  const v = new SchemaValidator(edexml21);
  s = new FastScanner({ open: (n, u, a, l, c) => v.open(n, u, a as any, l, c), text: (x) => v.text(x), close: () => { v.close(); } });
  for (let i = 0; i < buf.length; i += 1 << 20) s.write(buf.subarray(i, i + (1 << 20)));
  s.end();
  console.log('scanner', t1, 'scanner+validator', Date.now() - t);
}
