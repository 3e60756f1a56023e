/**
 * The values of an identity constraint that no keyref refers to (a pupil's key, its eck-id), kept as 53-bit hashes
 * in an open-addressing table of doubles instead of a Set of strings: the one pass only has to *prove* them unique,
 * and a hash it has seen before — a duplicate, or two values that merely hash alike — makes it give up, after which
 * the scanner and the validator read the file again and decide with the values themselves. So a collision costs a
 * second read, never a wrong answer. For 100,000 pupils the two tables take 4 MB of typed arrays outside the heap;
 * two Sets of the same values (8-character keys, 25-character eck-ids as the bench generates them) hold 15.7 MB of
 * heap alive to the end of the file (measured after a full GC), and real eck-ids are longer.
 */
export type KeyHash = (value: string) => number;

/** Two 32-bit multiplicative hashes of the UTF-16 code units, mixed and joined into one integer below 2^53 (never 0). */
export const keyHash: KeyHash = (value) => {
  let a = 0x811c9dc5 ^ value.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= b >>> 15;
  b = Math.imul(b, 0x2c1b3c6d);
  b ^= b >>> 12;
  return (a >>> 0) + (b & 0x1fffff) * 0x100000000 || 1;
};

export class HashedKeys {
  private slots = new Float64Array(1024);
  private mask = 1023;
  private size = 0;

  constructor(private readonly hash: KeyHash = keyHash) {}

  /** Adds the value's hash; false when the table held that hash already (the value may be a duplicate). */
  add(value: string): boolean {
    const h = this.hash(value);
    if (this.size * 2 >= this.slots.length) this.grow();
    return this.place(h);
  }

  private place(h: number): boolean {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = (h >>> 0) & mask; ; i = (i + 1) & mask) {
      const at = slots[i]!;
      if (at === 0) {
        slots[i] = h;
        this.size++;
        return true;
      }
      if (at === h) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.place(old[i]!);
  }
}
