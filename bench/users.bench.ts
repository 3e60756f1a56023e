/**
 * Users at the size of a large school: 500 users in one location (a confirmed import of 30,000 pupils, 1,428
 * classes). What the screens of steps 6–8 ask main for — `users:list`, a bulk `users:set-roles` on all 500, a bulk
 * `users:invite` — through the real dispatcher in-process, and the "wie ziet wat" computation of the shared rules
 * (what the page runs) for 500 users × 1,428 classes. Reference: a bare SQLite read in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../main/app/services';
import { createDispatcher } from '../main/bridge/registry';
import { accessWarnings, whoSeesWhat } from '../shared/domain/access';
import type { PickableClass, UserView } from '../shared/bridge';
import { measure, report } from './lib';
import { TODAY, prepareLocations } from './locations-setup';

const USERS = Number(process.env['BENCH_USERS'] ?? 500);

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-users-'));
  const services = createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-bench', today: () => TODAY });
  const db = services.database!.db;
  try {
    prepareLocations(db, 30_000, dir);
    const dispatch = createDispatcher(services.handlers);
    const trusted = { trusted: true };
    const check = async <T>(method: string, input: unknown): Promise<T> => {
      const result = await dispatch(method, input, trusted);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as T;
    };
    const brin6 = '99ZX10';
    for (let i = 1; i <= USERS; i++) {
      await check('users:add', { brin6, user: { voornaam: `Docent${i}`, initialen: '', voorvoegsel: '', achternaam: `Achternaam${i}`, email: `docent${i}@school.example` } });
    }
    const classes = await check<PickableClass[]>('users:list-classes', { brin6 });
    const users = await check<UserView[]>('users:list', { brin6 });
    const ids = users.map((u) => u.id);
    process.stdout.write(`setup: ${users.length} users, ${classes.length} classes, 30000 pupils\n`);

    const count = db.prepare('SELECT COUNT(*) FROM users WHERE brin6 = ?').pluck();
    const reference = await measure(`bare SQLite read (count ${USERS} users)`, 200, () => count.get(brin6));
    const list = await measure(`users:list (${USERS} users)`, 40, () => check('users:list', { brin6 }));
    let flip = false;
    const roles = await measure(`users:set-roles on all ${USERS} (bulk replace)`, 10, () => {
      flip = !flip;
      const some = classes.filter((_, i) => i % (flip ? 7 : 11) === 0).map((c) => c.key);
      return check('users:set-roles', { brin6, ids, access: true, roles: [{ role: 'leerlingbegeleider', classes: some }], mode: 'replace' });
    });
    const invite = await measure(`users:invite all ${USERS} (bulk)`, 5, () => check('users:invite', { brin6, ids }));
    const withRoles = await check<UserView[]>('users:list', { brin6 });
    const wsw = await measure(`wie ziet wat: ${USERS} users × ${classes.length} classes (pure rules)`, 10, () => {
      whoSeesWhat(withRoles, classes);
      accessWarnings(withRoles, classes);
    });
    report(`Users at school size (${USERS} users, ${classes.length} classes)`, [reference, list, roles, invite, wsw], reference);
  } finally {
    services.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
