import fs from 'node:fs';
import { parseCertificates } from './certificates';

/**
 * Which transport a process uses, and with which extra certificates: decided once, here, as a plain function of what
 * the process knows (tested in Node). Electron's main process (the window, and the installed app's headless CLI)
 * uses Chromium's network stack, so the system proxy, PAC/WPAD, proxy sign-in (NTLM, Kerberos, negotiate) and the OS
 * certificate store all apply; Node (`npm run cli`, browser mode) uses undici with the environment's proxy and the
 * system's roots. The school's certificates come from `--ca-file` when given, else from IT's policy file
 * (`network.caFile`), else from the setting.
 */
export type TransportPlan =
  | { readonly ok: true; readonly kind: 'electron' | 'node'; readonly extraPem: string | null; readonly extraSource: string | null }
  | { readonly ok: false; readonly message: string };

export function transportPlan(input: {
  /** `process.versions.electron` is set and the app is ready (net.fetch works only then). */
  readonly electron: boolean;
  /** `--ca-file PATH` with the file's text (null when the file could not be read), or null when not given. */
  readonly caFile: { readonly path: string; readonly text: string | null } | null;
  /** The policy file's `network.caFile` (IT's, machine-wide) with its text, or null: after --ca-file, before the setting. */
  readonly policyCaFile?: { readonly path: string; readonly text: string | null } | null;
  /** The school's certificates saved in the settings (PEM), or null. */
  readonly settingPem: string | null;
}): TransportPlan {
  const kind = input.electron ? 'electron' : 'node';
  if (input.caFile) {
    if (input.caFile.text === null) return { ok: false, message: `Het certificaatbestand ${input.caFile.path} kan niet worden gelezen. Controleer het pad bij --ca-file.` };
    const parsed = parseCertificates(input.caFile.text);
    if (!parsed.ok) return { ok: false, message: `--ca-file ${input.caFile.path}: ${parsed.message}` };
    return { ok: true, kind, extraPem: parsed.pem, extraSource: `--ca-file ${input.caFile.path}` };
  }
  if (input.policyCaFile) {
    const { path, text } = input.policyCaFile;
    const parsed = text === null ? null : parseCertificates(text);
    if (!parsed?.ok) {
      return { ok: false, message: `Het certificaatbestand dat de ICT-afdeling in het beleidsbestand noemt (${path}) ${text === null ? 'kan niet worden gelezen' : `is niet bruikbaar: ${parsed!.ok ? '' : parsed!.message}`}. Vraag de ICT-afdeling het te herstellen.` };
    }
    return { ok: true, kind, extraPem: parsed.pem, extraSource: `beleid van de ICT-afdeling (${path})` };
  }
  if (input.settingPem) {
    const parsed = parseCertificates(input.settingPem);
    // A setting that no longer parses is ignored rather than stopping every request; the check names it.
    if (parsed.ok) return { ok: true, kind, extraPem: parsed.pem, extraSource: 'instelling (Support en updates)' };
  }
  return { ok: true, kind, extraPem: null, extraSource: null };
}

/**
 * The proxy Chromium chose (`session.resolveProxy`: `PROXY host:port; DIRECT`, `HTTPS host:port`, `SOCKS5 …`,
 * `DIRECT`) as a URL without credentials, or null for direct: the first entry counts.
 */
export function parseChromiumProxy(resolved: string): string | null {
  const first = resolved.split(';')[0]?.trim() ?? '';
  const match = /^(PROXY|HTTPS|SOCKS5?|SOCKS4|QUIC)\s+(\S+)$/i.exec(first);
  if (!match) return null;
  const scheme = match[1]!.toUpperCase();
  const protocol = scheme === 'PROXY' ? 'http' : scheme === 'HTTPS' ? 'https' : scheme === 'QUIC' ? 'quic' : scheme.toLowerCase();
  return `${protocol}://${match[2]}`;
}

/** `--ca-file PATH` (CLI and browser mode): the file read and checked before anything starts. */
export function readCaFileOption(file: string): { readonly ok: true; readonly caFile: { path: string; text: string | null } } | { readonly ok: false; readonly message: string } {
  let text: string | null;
  try {
    text = fs.readFileSync(file, 'latin1');
  } catch {
    text = null;
  }
  const plan = transportPlan({ electron: false, caFile: { path: file, text }, settingPem: null });
  return plan.ok ? { ok: true, caFile: { path: file, text } } : { ok: false, message: plan.message };
}
