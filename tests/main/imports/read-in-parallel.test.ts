import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseFile } from '../../../main/edexml/engine';
import type { ModelSink } from '../../../main/edexml/model/builder';
import { startParallelReader } from '../../../main/imports/read-in-parallel';
import { workerEntry } from '../../../main/imports/run-in-worker';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/** A sink that keeps every record's key per kind, in order; `failAfter` throws at that record (a failing insert). */
function recording(failAfter = Infinity) {
  const keys = { v: [] as string[], g: [] as string[], l: [] as string[], t: [] as string[] };
  let n = 0;
  const tick = () => {
    if (++n === failAfter) throw new Error('schijf vol');
  };
  const sink: ModelSink = {
    vestiging: (x) => (keys.v.push(x.key), tick()),
    groep: (x) => (keys.g.push(`${x.key}|${x.naam}|${x.jaargroep}`), tick()),
    leerling: (x) => (keys.l.push(`${x.key}|${x.achternaam}|${x.groep}|${x.samengesteldeGroepen.join(',')}`), tick()),
    leerkracht: (x) => (keys.t.push(`${x.key}|${x.rollen.join(',')}|${x.groepen.map((g) => g.key).join(',')}`), tick()),
  };
  return { keys, sink };
}

describe('an import read on a reader thread while this thread writes', () => {
  let dir: string;
  let file: string;
  const reader = startParallelReader(workerEntry());
  beforeAll(() => {
    dir = makeTempDir();
    file = path.join(dir, 'school.xml');
    // More records than the reader may run ahead (6 batches of 1,000): the writer's pace holds it back.
    fs.writeFileSync(file, generateEdexml({ pupils: 9000, seed: 11 }));
  });
  afterAll(async () => {
    await reader.close();
    removeTempDir(dir);
  });

  it('hands over every record in file order and the same analysis as reading here', () => {
    const here = recording();
    const local = analyseFile(file, { targetBrin6: '99ZX10', sink: here.sink });
    const there = recording();
    const progress: number[] = [];
    const remote = reader.read(file, { targetBrin6: '99ZX10', onProgress: (p) => progress.push(p.bytesRead) }, there.sink);
    expect(there.keys).toEqual(here.keys);
    expect(there.keys.l).toHaveLength(9000);
    expect(remote).toEqual(local);
    expect(progress.at(-1)).toBe(fs.statSync(file).size);
  }, 60_000);

  it('a write that fails half-way stops the reader; the next import on the same thread is whole (nothing of the first mixes in)', () => {
    const failing = recording(2500);
    expect(() => reader.read(file, { targetBrin6: '99ZX10' }, failing.sink)).toThrow('schijf vol');
    const next = recording();
    const analysis = reader.read(file, { targetBrin6: '99ZX10' }, next.sink);
    expect(analysis.ok).toBe(true);
    expect(next.keys.l).toHaveLength(9000);
    expect(new Set(next.keys.l).size).toBe(9000);
  }, 60_000);

  it('a file that is not EDEXML comes back as its findings, not as an error', () => {
    const broken = path.join(dir, 'kapot.xml');
    fs.writeFileSync(broken, '<?xml version="1.0"?>\n<EDEX><school>');
    const got = recording();
    const analysis = reader.read(broken, {}, got.sink);
    expect(analysis.ok).toBe(false);
    expect(analysis.findings[0]?.code).toBe('xml.truncated');
    expect(got.keys.l).toEqual([]);
  }, 60_000);
});
