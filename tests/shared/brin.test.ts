import { describe, expect, it } from 'vitest';
import { isBrin4, isBrin6, parseBrin6, toBrin6 } from '../../shared/domain/brin';

describe('BRIN rules', () => {
  it('accepts the step plan example 99ZX10 and rejects near misses', () => {
    expect(isBrin6('99ZX10')).toBe(true);
    expect(isBrin6('99zx10')).toBe(false);
    expect(isBrin6('99ZX1')).toBe(false);
    expect(isBrin6('9AZX10')).toBe(false);
    expect(isBrin6(' 99ZX10')).toBe(false);
    expect(isBrin4('99ZX')).toBe(true);
    expect(isBrin4('99Z1')).toBe(false);
  });

  it('combines EDEXML brincode and dependancecode, keeping the leading zero', () => {
    expect(toBrin6('99ZX', '00')).toBe('99ZX00');
    expect(toBrin6(' 99zx ', '01')).toBe('99ZX01');
    expect(toBrin6('99ZX', '1')).toBeNull();
    expect(toBrin6('ZX99', '10')).toBeNull();
  });

  it('normalises typed input and explains mistakes in Dutch', () => {
    expect(parseBrin6(' 99 zx 10 ')).toEqual({ ok: true, brin6: '99ZX10' });
    const short = parseBrin6('99zx');
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.message).toContain('99ZX10');
    const empty = parseBrin6('   ');
    expect(empty).toEqual({ ok: false, message: 'Vul een Brin6-code in, bijvoorbeeld 99ZX10.' });
    const junk = parseBrin6('school');
    expect(junk.ok).toBe(false);
    if (!junk.ok) expect(junk.message).toMatch(/geen Brin6-code.*2 cijfers, 2 letters en 2 cijfers/);
  });
});
