import { ESLint } from 'eslint';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN_LAYERS, MAIN_TIERS } from '../../../scripts/eslint/main-layering.js';

const root = path.resolve(import.meta.dirname, '../../..');
const mainDir = path.join(root, 'main');
const eslint = new ESLint({ cwd: root });

async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'main-layering/imports').map((m) => m.message);
}

/** Every static import/export, dynamic import() and `new URL('…', import.meta.url)` worker reference between files of main/. */
function importGraph(): Map<string, Set<string>> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mts)$/.test(entry.name)) files.push(full);
    }
  };
  walk(mainDir);
  const graph = new Map<string, Set<string>>();
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]/g;
  for (const file of files) {
    const edges = new Set<string>();
    for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
      const specifier = m[1] ?? m[2] ?? m[3]!;
      if (!specifier.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '');
      const target = [`${base}.ts`, path.join(base, 'index.ts'), base].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
      if (target?.startsWith(mainDir)) edges.add(target);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** The node a file belongs to: its folder directly under main/, or the file itself when it sits directly in main/. */
function nodeOf(file: string): string {
  const parts = path.relative(mainDir, file).split(path.sep);
  return parts.length === 1 ? parts[0]! : `${parts[0]}/`;
}

/** Strongly connected components with more than one node (Tarjan): each is an import cycle. */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe('main/ is layered: folders are capabilities that form no import cycle', () => {
  it('the lint rule refuses an import upward or sideways, and sync internals from outside', async () => {
    const code = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;
    expect(await layerProblems('main/sync/x.ts', code('../users/sync'))).toEqual([expect.stringContaining('main/sync/ may not import main/users/')]);
    expect(await layerProblems('main/locations/x.ts', code('../audit/audit'))).toEqual([expect.stringContaining('may not import main/audit/')]);
    expect(await layerProblems('main/users/x.ts', code('../sync/outbox'))).toEqual([expect.stringContaining('internal to main/sync/')]);
    expect(await layerProblems('main/users/x.ts', code('../app/services'))).toHaveLength(1);
    // One capability uses only another's public modules; the wiring reaches further.
    expect(await layerProblems('main/users/x.ts', code('../imports/start'))).toEqual([expect.stringContaining('main/imports/start is internal to main/imports/')]);
    // The file-format library knows no database, sync or audit (issue 32).
    expect(await layerProblems('main/edexml/x.ts', code('../db/database'))).toHaveLength(1);
    expect(await layerProblems('main/numo/x.ts', code('../edexml/write'))).toEqual([]);
    expect(await layerProblems('main/app/x.ts', code('../imports/start'))).toEqual([]);
    expect(await layerProblems('main/edexml/x.ts', code('../index'))).toEqual([expect.stringContaining('directly in main/')]);
    // Dynamic imports and re-exports count too.
    expect(await layerProblems('main/roster/x.ts', "export const load = () => import('../users/users');\n")).toHaveLength(1);
    expect(await layerProblems('main/roster/x.ts', "export { x } from '../numo/numo';\n")).toHaveLength(1);
    // Allowed: down a layer, the sync engine's entry, the same folder, shared/.
    expect(await layerProblems('main/users/x.ts', code('../sync'))).toEqual([]);
    expect(await layerProblems('main/users/x.ts', code('../imports/store'))).toEqual([]);
    expect(await layerProblems('main/users/x.ts', code('./store'))).toEqual([]);
    expect(await layerProblems('main/users/x.ts', code('../../shared/domain/access'))).toEqual([]);
    expect(await layerProblems('main/index.ts', code('./users/users'))).toEqual([]);
  });

  it('places every folder in exactly one tier, and refuses upward, leaf-to-leaf and untiered imports', async () => {
    const code = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;
    const placed = MAIN_TIERS.flatMap((t) => t.folders);
    expect(new Set(placed).size).toBe(placed.length);
    for (const folder of fs.readdirSync(mainDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      expect(placed, `main/${folder.name}/ needs its tier in MAIN_TIERS`).toContain(folder.name);
    }
    // A capability importing the composition root: upward.
    expect(await layerProblems('main/users/x.ts', code('../app/services'))).toEqual([expect.stringContaining('capability may not import app, a higher tier')]);
    // Leaves import no other leaf (the file format knows no log).
    expect(await layerProblems('main/db/x.ts', code('../log/logger'))).toEqual([expect.stringContaining('a leaf folder imports no other leaf folder')]);
    // A folder nobody placed is refused until it is.
    expect(await layerProblems('main/users/x.ts', code('../newthing/x'))).toEqual([expect.stringContaining('main/newthing/ has no tier')]);
    // Transports may use each other and everything below; the composition root has no peers.
    expect(await layerProblems('main/browser/x.ts', code('../window/window'))).toEqual([]);
    // The tiers read as "who may import whom" form no cycle except among peers, which the real graph must not close.
    const downward = new Map(Object.entries(MAIN_LAYERS).map(([from, to]) => [`${from}/`, new Set(to.filter((t) => MAIN_TIERS.findIndex((x) => x.folders.includes(t)) < MAIN_TIERS.findIndex((x) => x.folders.includes(from))).map((t) => `${t}/`))]));
    expect(cycles(downward)).toEqual([]);
  });

  it('the real import graph has no cycle between folders, nor between files', () => {
    const files = importGraph();
    expect(cycles(files).map((c) => c.map((f) => path.relative(root, f)))).toEqual([]);
    const folders = new Map<string, Set<string>>();
    for (const [file, targets] of files) {
      const from = nodeOf(file);
      const set = folders.get(from) ?? new Set<string>();
      for (const target of targets) if (nodeOf(target) !== from) set.add(nodeOf(target));
      folders.set(from, set);
    }
    expect(cycles(folders)).toEqual([]);
    // The graph is real: the wiring reaches the engine and the features, the engine none of them.
    expect([...folders.get('app/')!]).toEqual(expect.arrayContaining(['sync/', 'users/', 'imports/']));
    // The EDEXML format is a library: it imports no other folder of main (issue 32).
    expect([...(folders.get('edexml/') ?? [])]).toEqual([]);
    expect([...folders.get('sync/')!].sort()).toEqual(['errors/', 'settings/', 'transport/']);
    expect([...(folders.get('transport/') ?? [])]).toEqual([]);
  });
});
