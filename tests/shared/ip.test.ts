import { describe, expect, it } from 'vitest';
import { INTERNAL_ADDRESS_HINT, isExpired, parsePublicAddress, validateAllowlist } from '../../shared/domain/ip';

const ok = (input: string) => {
  const r = parsePublicAddress(input);
  if (!r.ok) throw new Error(`${input}: ${r.message}`);
  return r;
};
const bad = (input: string) => {
  const r = parsePublicAddress(input);
  if (r.ok) throw new Error(`${input} was accepted as ${r.address}`);
  return r;
};

describe('public IP addresses for the allowlist (seed 002)', () => {
  it('accepts public IPv4 and IPv6 single addresses, normalised', () => {
    expect(ok(' 145.12.34.56 ')).toEqual({ ok: true, address: '145.12.34.56', family: 4 });
    expect(ok('8.8.8.8').address).toBe('8.8.8.8');
    expect(ok('2A02:0A46:0001:0000:0000:0000:0000:0010')).toEqual({ ok: true, address: '2a02:a46:1::10', family: 6 });
    expect(ok('2001:4860:4860::8888').address).toBe('2001:4860:4860::8888');
    expect(ok('2001:610:0:0:1:0:0:1').address).toBe('2001:610::1:0:0:1'); // the first of two equal runs
    expect(ok('2a02:a46:0:1:2:3:4:5').address).toBe('2a02:a46:0:1:2:3:4:5'); // a single zero group is not compressed
    expect(ok('2a02:a46::').address).toBe('2a02:a46::');
    expect(ok('2a02:a46::1.2.3.4').address).toBe('2a02:a46::102:304'); // embedded IPv4 tail
    expect(ok('::ffff:145.12.34.56')).toEqual({ ok: true, address: '145.12.34.56', family: 4 }); // IPv4-mapped
  });

  it('refuses malformed input with a Dutch message that says what an address looks like', () => {
    for (const input of ['', '   ', '145.12.34', '145.12.34.256', '145.12.34.56.7', 'a.b.c.d', 'school.nl', '2a02::a46::1', '2a02:a46:1:2:3:4:5:6:7', '12345::1', ':::1', '2a02:g::1']) {
      const r = bad(input);
      expect(['empty', 'malformed'], input).toContain(r.problem);
      expect(r.message).toMatch(/IP|adres/);
    }
    expect(bad('145.012.34.56').problem).toBe('leading-zero');
    expect(bad('x'.repeat(65)).problem).toBe('too-long');
  });

  it('refuses ranges and zones', () => {
    expect(bad('145.12.34.0/24').problem).toBe('range');
    expect(bad('145.12.34.1-145.12.34.9').problem).toBe('range');
    expect(bad('145.12.34.*').problem).toBe('range');
    expect(bad('2a02:a46::/48').problem).toBe('range');
    expect(bad('fe80::1%eth0').problem).toBe('zone');
  });

  it('refuses each internal kind with "dit is een intern adres; de toetsomgeving ziet het publieke adres"', () => {
    const cases: Array<[string, string]> = [
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.254', 'private'],
      ['192.168.1.20', 'private'],
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['169.254.10.10', 'link-local'],
      ['fe80::1', 'link-local'],
      ['fd12:3456:789a::1', 'unique-local'],
      ['fc00::5', 'unique-local'],
      ['100.64.0.1', 'cgnat'],
      ['100.127.255.255', 'cgnat'],
    ];
    for (const [input, problem] of cases) {
      const r = bad(input);
      expect(r.problem, input).toBe(problem);
      expect(r.message, input).toContain(INTERNAL_ADDRESS_HINT);
    }
    // Just outside those ranges: public.
    for (const input of ['172.15.0.1', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.1.1', '11.0.0.1', 'fe00::1']) ok(input);
  });

  it('refuses documentation, multicast, unspecified and reserved addresses with their own reason', () => {
    for (const input of ['192.0.2.1', '198.51.100.7', '203.0.113.9', '2001:db8::1', '3fff::1']) {
      const r = bad(input);
      expect(r.problem, input).toBe('documentation');
      expect(r.message).toContain('voorbeeldadres');
      expect(r.message).toContain('de toetsomgeving ziet het publieke adres');
    }
    expect(bad('224.0.0.1').problem).toBe('multicast');
    expect(bad('ff02::1').problem).toBe('multicast');
    expect(bad('0.0.0.0').problem).toBe('unspecified');
    expect(bad('::').problem).toBe('unspecified');
    expect(bad('240.0.0.1').problem).toBe('reserved');
    expect(bad('255.255.255.255').problem).toBe('reserved');
    expect(bad('198.18.0.1').problem).toBe('reserved');
  });
});

describe('validating a whole allowlist', () => {
  it('normalises, trims labels and dates, and finds duplicates after normalisation (naming the first row)', () => {
    const good = validateAllowlist([
      { address: ' 145.12.34.56', label: '  Hoofdgebouw ', until: null },
      { address: '2A02:A46:1:0:0:0:0:10', label: '', until: ' 2026-07-31 ' },
    ]);
    expect(good).toEqual({
      ok: true,
      entries: [
        { address: '145.12.34.56', label: 'Hoofdgebouw', until: null },
        { address: '2a02:a46:1::10', label: null, until: '2026-07-31' },
      ],
    });
    const dup = validateAllowlist([
      { address: '2a02:a46:1::10', label: null, until: null },
      { address: '145.12.34.56', label: null, until: null },
      { address: '2a02:0a46:0001::0010', label: null, until: null },
      { address: '::ffff:145.12.34.56', label: null, until: null },
    ]);
    expect(dup.ok).toBe(false);
    if (dup.ok) return;
    expect(dup.problems).toEqual([
      { index: 2, field: 'address', problem: 'duplicate', message: '2a02:a46:1::10 staat al in de lijst (regel 1).' },
      { index: 3, field: 'address', problem: 'duplicate', message: '145.12.34.56 staat al in de lijst (regel 2).' },
    ]);
  });

  it('reports every bad row and field at once', () => {
    const r = validateAllowlist([
      { address: '192.168.0.1', label: 'x'.repeat(129), until: '2026-02-30' },
      { address: '145.12.34.56', label: null, until: '31-07-2026' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.index, p.field, p.problem])).toEqual([
      [0, 'address', 'private'],
      [0, 'label', 'label-too-long'],
      [0, 'until', 'bad-date'],
      [1, 'until', 'bad-date'],
    ]);
    expect(r.problems[2]!.message).toContain('jjjj-mm-dd');
  });

  it('flags an entry from the day after its end date', () => {
    expect(isExpired(null, '2026-08-01')).toBe(false);
    expect(isExpired('2026-07-31', '2026-07-31')).toBe(false);
    expect(isExpired('2026-07-31', '2026-08-01')).toBe(true);
  });
});

describe('an end date already past (issue 15, point 4)', () => {
  const today = '2026-12-02';
  it('is refused at its field for a new or changed row, with a Dutch message that says what to do', () => {
    const result = validateAllowlist([{ address: '145.12.34.56', label: null, until: '2026-12-01' }], { today, kept: [] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ index: 0, field: 'until', problem: 'past-date', message: expect.stringMatching(/al voorbij.*vandaag/) });
    expect(validateAllowlist([{ address: '145.12.34.56', label: null, until: today }], { today }).ok).toBe(true);
  });

  it('a row saved earlier that has since expired is kept as it is (flagged "verlopen", not refused)', () => {
    const kept = [{ address: '145.12.34.56', until: '2026-11-30' }];
    expect(validateAllowlist([{ address: '145.12.34.56', label: null, until: '2026-11-30' }], { today, kept }).ok).toBe(true);
    expect(validateAllowlist([{ address: '145.12.34.56', label: null, until: '2026-11-29' }], { today, kept }).ok).toBe(false);
  });
});
