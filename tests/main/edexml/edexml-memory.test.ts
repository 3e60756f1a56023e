import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { analyseFile } from '../../../main/edexml/engine';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/** Bytes in V8's (old) large-object space: where a big string alive at a scavenge is moved, to stay until a full GC. */
const largeObjects = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'large_object_space')!.space_used_size;

describe('EDEXML reading and memory', () => {
  it('leaves no text of what it read in the old generation: a 25 MB file adds (almost) nothing to the large-object space', () => {
    // Regression: each 1 MB chunk was decoded into one 1 MB string; the scavenge that found it alive (one every
    // ~16 MB allocated) moved it to the old large-object space, where it stayed as garbage until the next full GC —
    // 15–30 MB of peak memory on a 100,000-pupil import. The scanners now decode at most 64 KB at a time.
    // (Measured before the fix: 7.8 MB here.)
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 45_000, seed: 17 }));
      expect(fs.statSync(file).size).toBeGreaterThan(24 * 1024 * 1024);
      // The one pass (the path of every file that is fine) keeps nothing large of its own: its key tables are typed
      // arrays outside the heap. (The general path's identity maps are large objects of their own, so it is not
      // measured here.)
      const before = largeObjects();
      const analysis = analyseFile(file, { parser: 'one-pass', targetBrin6: '99ZX10' });
      const grown = largeObjects() - before;
      expect(analysis.ok).toBe(true);
      expect(analysis.counts.leerlingen).toBe(45_000);
      expect(grown, `large-object space grew by ${(grown / 1048576).toFixed(1)} MB`).toBeLessThan(3 * 1024 * 1024);
    } finally {
      removeTempDir(dir);
    }
  }, 120_000);
});
