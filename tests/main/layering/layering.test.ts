import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result?.messages.filter((m) => m.ruleId === 'no-restricted-imports').length ?? 0;
}

describe('process layering is enforced by lint', () => {
  it('keeps Node, Electron and process folders out of shared/', async () => {
    expect(await restrictedImports('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toBe(1);
    expect(await restrictedImports('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toBe(1);
    expect(await restrictedImports('shared/x.ts', "import { a } from '../main/db/database';\nexport const b = a;\n")).toBe(1);
    expect(await restrictedImports('shared/x.ts', "import { isBrin6 } from './domain/brin';\nexport const b = isBrin6;\n")).toBe(0);
  });

  it('keeps main/ and Node out of the renderer', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { openDatabase } from '../../../main/db/database';\nexport const a = openDatabase;\n")).toBe(1);
    expect(await restrictedImports('renderer/src/x.ts', "import path from 'path';\nexport const a = path;\n")).toBe(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { steps } from '../../../shared/domain/steps';\nexport const a = steps;\n")).toBe(0);
  });

  it('allows electron only in the three Electron entry files of main/', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await restrictedImports('main/db/x.ts', code)).toBe(1);
    expect(await restrictedImports('main/window/window.ts', code)).toBe(0);
    expect(await restrictedImports('preload/index.ts', code)).toBe(0);
    expect(await restrictedImports('preload/index.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toBe(1);
  });
});
