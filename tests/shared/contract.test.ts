import { describe, expect, it } from 'vitest';
import { apiBaseUrlSchema, bridgeContract, bridgeMethodNames, bridgeResultSchema, isBridgeMethodName } from '../../shared/bridge';
import { steps } from '../../shared/domain/steps';

describe('bridge contract', () => {
  it('names every method domain:verb-noun (or domain:verb) and describes it in Dutch', () => {
    expect(bridgeMethodNames.length).toBeGreaterThan(0);
    for (const name of bridgeMethodNames) {
      expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
      expect(bridgeContract[name].summary.length).toBeGreaterThan(10);
    }
    expect([...bridgeMethodNames]).toEqual(Object.keys(bridgeContract).sort());
  });

  it('does not treat inherited object keys as methods', () => {
    expect(isBridgeMethodName('toString')).toBe(false);
    expect(isBridgeMethodName('__proto__')).toBe(false);
    expect(isBridgeMethodName('app:get-info')).toBe(true);
  });

  it('refuses a payload for a method that takes none', () => {
    expect(bridgeContract['app:get-info'].input.safeParse(undefined).success).toBe(true);
    expect(bridgeContract['app:get-info'].input.safeParse({ sneaky: true }).success).toBe(false);
  });

  it('accepts only https API addresses, or http on this machine', () => {
    expect(apiBaseUrlSchema.safeParse('https://api.example.nl/v1').success).toBe(true);
    expect(apiBaseUrlSchema.safeParse('http://127.0.0.1:8080').success).toBe(true);
    expect(apiBaseUrlSchema.safeParse('http://api.example.nl').success).toBe(false);
    expect(apiBaseUrlSchema.safeParse('https://user:pw@api.example.nl').success).toBe(false);
    expect(apiBaseUrlSchema.safeParse('geen adres').success).toBe(false);
  });

  it('checks results on the wire against the output schema', () => {
    const schema = bridgeResultSchema(bridgeContract['sync:get-status'].output);
    expect(schema.safeParse({ ok: true, value: { connection: 'online', offlineSince: null, problem: null, nextRoundAt: null, pendingChanges: 2, locations: [] } }).success).toBe(true);
    const diverted = { cause: 'diverted', code: 'diverted.page', message: 'Het verzoek is omgeleid.' };
    expect(schema.safeParse({ ok: true, value: { connection: 'offline', offlineSince: null, problem: diverted, nextRoundAt: null, pendingChanges: 2, locations: [] } }).success).toBe(true);
    expect(schema.safeParse({ ok: true, value: { connection: 'offline', offlineSince: null, problem: { ...diverted, cause: 'weird' }, nextRoundAt: null, pendingChanges: 2, locations: [] } }).success).toBe(false);
    expect(schema.safeParse({ ok: true, value: { connection: 'maybe', pendingChanges: 2 } }).success).toBe(false);
    expect(schema.safeParse({ ok: false, error: { code: 'forbidden', message: 'Nee.' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'teapot', message: 'Nee.' } }).success).toBe(false);
  });

  it('lists the eight steps of the administrator step plan in order', () => {
    expect(steps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps[1]?.title).toBe('EDEXML-bestand importeren');
  });
});
