import { describe, expect, it } from 'vitest';
import { HashedKeys, keyHash } from '../../../main/edexml/validate/hashed-keys';
import { OnePass } from '../../../main/edexml/validate/one-pass';
import { Unsupported } from '../../../main/edexml/read/fast-scanner';
import { edexml21 } from '../../../main/edexml/schema/edexml-2.1.generated';
import { analyseBytes } from '../../../main/edexml/engine';
import { generateEdexml } from '../../helpers/generate-edexml';
import { propertySeed, seededRandom } from '../../helpers/random';

const ALPHABET = ['0', '1', '7', 'a', 'Z', '_', '-', ':', '/', '.', 'é', 'ß', 'ø', '€', 'ğ', '😀'];

describe('hashed key tables (the one pass proves keys unique by their hashes)', () => {
  it('says "seen" exactly where a Set of the values would, on generated values (with the real hash no pair collides)', () => {
    const seed = propertySeed(2026_1205);
    const r = seededRandom(seed);
    for (let round = 0; round < 200; round++) {
      const message = `seed ${seed}, round ${round}`;
      const table = new HashedKeys();
      const exact = new Set<string>();
      const pool: string[] = [];
      const n = 1 + r.int(r.next() < 0.2 ? 5000 : 300);
      for (let i = 0; i < n; i++) {
        // Keys as schools write them (digits, prefixes, URLs) and odd ones; every 4th value is one seen before.
        const value =
          pool.length > 0 && r.int(4) === 0
            ? r.pick(pool)
            : r.pick([
                () => String(r.int(10_000_000)).padStart(8, '0'),
                () => `https://id.school/LL_${r.int(1 << 30).toString(36)}`,
                () => Array.from({ length: r.int(12) }, () => r.pick(ALPHABET)).join(''),
              ])();
        pool.push(value);
        expect(table.add(value), `${message}: ${JSON.stringify(value)}`).toBe(!exact.has(value));
        exact.add(value);
      }
    }
  });

  it('hashes into 53 bits, never 0 (the empty slot), and tells near-identical keys apart', () => {
    const seen = new Set<number>();
    const bad: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const h = keyHash(String(i).padStart(8, '0'));
      if (!Number.isSafeInteger(h) || h <= 0) bad.push(i);
      seen.add(h);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBe(200_000);
    expect(keyHash('')).toBeGreaterThan(0);
    expect(keyHash('ab')).not.toBe(keyHash('ba'));
  });

  it('a collision is only "seen": with a hash that makes every key alike, the one pass gives up on a file that is fine, and the general path then reads it as valid', () => {
    const bytes = Buffer.from(generateEdexml({ pupils: 60, seed: 5 }));
    const alike = new HashedKeys(() => 42);
    expect(alike.add('a')).toBe(true);
    expect(alike.add('b')).toBe(false);
    const sink = { open() {}, close() {} };
    const colliding = new OnePass(edexml21, sink, () => 42);
    expect(() => {
      colliding.write(bytes);
      colliding.end();
    }).toThrow(Unsupported);
    const real = new OnePass(edexml21, sink);
    real.write(bytes);
    expect(() => real.end()).not.toThrow();
    // What the caller does with Unsupported: the scanner and the validator decide, with the values themselves.
    const general = analyseBytes(bytes, { parser: 'fast' });
    expect(general.ok).toBe(true);
    expect(general.counts.leerlingen).toBe(60);
  });
});
