import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface OracleVerdict {
  readonly valid: boolean;
  /** Lines of the validity errors xmllint reported, in its order. */
  readonly lines: readonly number[];
  readonly messages: readonly string[];
}

/**
 * Runs Debian's xmllint (libxml2-utils) once over many files and returns a verdict per file. Fails loudly when
 * xmllint is missing: the differential suite never skips.
 */
export function xmllintMany(xsd: string, files: readonly string[]): Map<string, OracleVerdict> {
  const run = spawnSync('xmllint', ['--noout', '--schema', xsd, ...files], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (run.error) {
    throw new Error(`xmllint niet gevonden (${run.error.message}). Installeer het met "sudo apt-get install -y libxml2-utils".`);
  }
  const verdicts = new Map<string, { valid: boolean; lines: number[]; messages: string[] }>();
  for (const f of files) verdicts.set(f, { valid: false, lines: [], messages: [] });
  // Each line starts with its file's path ("….xml validates", "….xml:12: …"): found by the path up to ".xml", not by
  // trying every file on every line (thousands of mutants × thousands of lines).
  for (const raw of run.stderr.split('\n')) {
    const at = raw.indexOf('.xml');
    const v = at < 0 ? undefined : verdicts.get(raw.slice(0, at + 4));
    if (!v) continue;
    const rest = raw.slice(at + 4);
    if (rest === ' validates') v.valid = true;
    const m = /^:(\d+): (.*)$/.exec(rest);
    if (m) {
      v.lines.push(Number(m[1]));
      v.messages.push(m[2]!);
    }
  }
  return verdicts;
}

export function writeAll(dir: string, items: ReadonlyArray<{ name: string; text: string }>): string[] {
  return items.map((item, i) => {
    const file = path.join(dir, `m${String(i).padStart(5, '0')}.xml`);
    fs.writeFileSync(file, item.text);
    return file;
  });
}
