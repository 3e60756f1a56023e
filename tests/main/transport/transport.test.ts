import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideCertificate, parseCertificates, pemBlocks, systemCertificates, trustedRoots } from '../../../main/transport/certificates';
import { parseChromiumProxy, readCaFileOption, transportPlan } from '../../../main/transport/plan';
import { SERVICE_HOST, makePki } from '../../helpers/network';
import type { Pki } from '../../helpers/network';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/**
 * The transport's decisions as plain functions (issue 30): which transport and which certificates a process uses, and
 * the check Electron's certificate callback makes with the school's certificate. Electron itself does not run here;
 * these are what it calls.
 */

let dir: string;
let pki: Pki;
beforeAll(() => {
  dir = makeTempDir('beheerconsole-transport-');
  pki = makePki(dir);
}, 30_000);
afterAll(() => removeTempDir(dir));

describe('the school\'s certificate (decideCertificate, for Electron\'s setCertificateVerifyProc)', () => {
  const base = () => ({ hostname: SERVICE_HOST, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', chain: [pki.certPem], extraPem: pki.caPem, now: new Date(Date.now() + 60_000) });

  it('accepts (0) a chain that ends at the school\'s CA, for this host, within its dates', () => {
    expect(decideCertificate(base())).toBe(0);
    expect(decideCertificate({ ...base(), hostname: '127.0.0.1' })).toBe(0);
  });

  it('keeps Chromium\'s verdict (-3) otherwise: trusted already, no school certificate, other host, expired, another CA', () => {
    expect(decideCertificate({ ...base(), verificationResult: 'net::OK' })).toBe(-3);
    expect(decideCertificate({ ...base(), extraPem: null })).toBe(-3);
    expect(decideCertificate({ ...base(), hostname: 'andere-dienst.example.nl' })).toBe(-3);
    expect(decideCertificate({ ...base(), chain: [pki.expiredCertPem] })).toBe(-3);
    expect(decideCertificate({ ...base(), verificationResult: 'net::ERR_CERT_DATE_INVALID' })).toBe(-3);
    expect(decideCertificate({ ...base(), now: new Date(Date.now() + 400 * 24 * 3600 * 1000) })).toBe(-3);
    // A self-signed leaf that is not a CA, given as "the school's certificate", anchors nothing.
    expect(decideCertificate({ ...base(), extraPem: pki.certPem })).toBe(-3);
    expect(decideCertificate({ ...base(), chain: ['geen certificaat'] })).toBe(-3);
  });
});

describe('reading the school\'s certificate file', () => {
  it('PEM with one or more certificates: each summarised (name, issuer, valid until, CA or not)', () => {
    const parsed = parseCertificates(`${pki.caPem}\r\n${pki.certPem}`);
    expect(parsed).toMatchObject({ ok: true, certificates: [{ subject: 'Schoolnetwerk TLS-inspectie CA', isCa: true }, { subject: SERVICE_HOST, issuer: 'Schoolnetwerk TLS-inspectie CA', isCa: false }] });
    expect(parsed.ok && pemBlocks(parsed.pem)).toHaveLength(2);
  });

  it('a private key, DER bytes or a broken block are refused with what to give instead', () => {
    expect(parseCertificates(fs.readFileSync(path.join(pki.dir, 'ca.key'), 'utf8'))).toMatchObject({ ok: false, message: expect.stringContaining('privésleutel') });
    const der = new crypto.X509Certificate(pki.caPem).raw.toString('latin1');
    expect(parseCertificates(der)).toMatchObject({ ok: false, message: expect.stringContaining('PEM') });
    expect(parseCertificates('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toMatchObject({ ok: false, message: expect.stringContaining('onleesbaar') });
  });

  it('the system\'s roots: Node\'s own API where it exists, else SSL_CERT_FILE or the distribution\'s bundle; no duplicates', () => {
    const bundle = path.join(dir, 'bundle.pem');
    fs.writeFileSync(bundle, `${pki.caPem}${pki.caPem}`);
    const hasApi = typeof (tls as unknown as { getCACertificates?: unknown }).getCACertificates === 'function';
    const fromFile = systemCertificates({ SSL_CERT_FILE: bundle }, (file) => (file === bundle ? fs.readFileSync(file, 'utf8') : null));
    if (!hasApi) expect(fromFile).toHaveLength(2);
    expect(systemCertificates({}, () => null).length).toBe(hasApi ? systemCertificates({}, () => null).length : 0);
    const roots = trustedRoots(pki.caPem, [pki.caPem]);
    expect(roots.length).toBe(tls.rootCertificates.length + 1);
  });
});

describe('which transport a process uses (transportPlan)', () => {
  it('Electron: Chromium\'s stack; Node: undici; --ca-file before the setting; a broken setting is ignored, a broken --ca-file refused', () => {
    expect(transportPlan({ electron: true, caFile: null, settingPem: null })).toEqual({ ok: true, kind: 'electron', extraPem: null, extraSource: null });
    expect(transportPlan({ electron: false, caFile: null, settingPem: null })).toEqual({ ok: true, kind: 'node', extraPem: null, extraSource: null });
    expect(transportPlan({ electron: false, caFile: null, settingPem: pki.caPem })).toMatchObject({ ok: true, kind: 'node', extraSource: 'instelling (Support en updates)' });
    expect(transportPlan({ electron: true, caFile: { path: '/ict/school.pem', text: pki.caPem }, settingPem: pki.certPem })).toMatchObject({ ok: true, kind: 'electron', extraSource: '--ca-file /ict/school.pem' });
    expect(transportPlan({ electron: false, caFile: null, settingPem: 'kapot' })).toEqual({ ok: true, kind: 'node', extraPem: null, extraSource: null });
    expect(transportPlan({ electron: false, caFile: { path: '/weg.pem', text: null }, settingPem: null })).toMatchObject({ ok: false, message: expect.stringContaining('kan niet worden gelezen') });
    // IT's policy file (network.caFile): after --ca-file, before the coordinator's setting; a broken one is refused.
    const policy = { path: 'C:\\ICT\\school.pem', text: pki.caPem };
    expect(transportPlan({ electron: true, caFile: null, policyCaFile: policy, settingPem: pki.certPem })).toMatchObject({ ok: true, extraSource: 'beleid van de ICT-afdeling (C:\\ICT\\school.pem)' });
    expect(transportPlan({ electron: false, caFile: { path: '/x.pem', text: pki.caPem }, policyCaFile: policy, settingPem: null })).toMatchObject({ extraSource: '--ca-file /x.pem' });
    expect(transportPlan({ electron: true, caFile: null, policyCaFile: { path: 'C:\\weg.pem', text: null }, settingPem: null })).toMatchObject({ ok: false, message: expect.stringContaining('beleidsbestand noemt (C:\\weg.pem) kan niet worden gelezen') });
    expect(readCaFileOption(pki.caFile)).toMatchObject({ ok: true, caFile: { path: pki.caFile } });
    expect(readCaFileOption(path.join(dir, 'bestaat-niet.pem'))).toMatchObject({ ok: false });
  });

  it('the proxy Chromium chose, as the report names it', () => {
    expect(parseChromiumProxy('DIRECT')).toBeNull();
    expect(parseChromiumProxy('PROXY proxy.school.nl:8080; DIRECT')).toBe('http://proxy.school.nl:8080');
    expect(parseChromiumProxy('HTTPS proxy.school.nl:443')).toBe('https://proxy.school.nl:443');
    expect(parseChromiumProxy('SOCKS5 10.0.0.1:1080')).toBe('socks5://10.0.0.1:1080');
    expect(parseChromiumProxy('')).toBeNull();
  });
});
