/**
 * Generated inputs for property tests: a small seeded generator (mulberry32), so a failing round can be replayed.
 * The seed comes from PROPERTY_SEED when set, else a fixed default; `describeSeed` goes into every assertion message.
 */
export interface Random {
  readonly seed: number;
  next(): number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  /** A random subset (each kept with probability 1/2), in the given order. */
  subset<T>(items: readonly T[]): T[];
}

export function seededRandom(seed: number): Random {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number) => Math.floor(next() * maxExclusive);
  return { seed, next, int, pick: (items) => items[int(items.length)]!, subset: (items) => items.filter(() => next() < 0.5) };
}

/** The seed of this run: PROPERTY_SEED=<n> replays a failure. */
export function propertySeed(fallback: number): number {
  const given = Number(process.env['PROPERTY_SEED']);
  return Number.isInteger(given) && given > 0 ? given : fallback;
}
