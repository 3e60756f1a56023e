import type Database from 'better-sqlite3';
import fs from 'node:fs';
import type { AppInfo } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';
import type { Logger } from '../log/logger';
import type { SettingsStore } from '../settings/settings';
import { checkConnection } from '../sync';
import type { SyncService, TokenVault } from '../sync';
import { parseCertificates } from '../transport/certificates';
import { nodeTransport } from '../transport/node';
import { transportPlan } from '../transport/plan';
import { ProxyLogins } from '../transport/proxy-login';
import type { Transport, TransportFactory } from '../transport/transport';
import type { UploadStaging } from '../uploads/staging';
import { requireLocation } from '../locations/locations';
import type { EventListener, Handlers } from '../capability/handlers';

/**
 * The network capability's wiring (issue 30): the process's one transport to the central service (made again when
 * the school's certificates change), proxy sign-in asked in the window, and the bridge's `network:*` methods.
 */
export interface NetworkWiring {
  readonly mode: AppInfo['mode'];
  /** The school's certificate file IT's policy names (`network.caFile`), or null. */
  readonly policyCaFile: string | null;
  readonly transportFactory?: TransportFactory;
  readonly caFile?: { readonly path: string; readonly text: string | null };
  readonly env?: NodeJS.ProcessEnv;
  readonly settings: SettingsStore;
  /** The start-up notices (a policy certificate that cannot be used is said there). */
  readonly notices: AppInfo['notices'];
  readonly listeners: ReadonlySet<EventListener>;
  readonly emit: EventListener;
  readonly log: Logger;
  readonly uploads: UploadStaging;
}

type NetworkMethod = Extract<keyof Handlers, `network:${string}`>;

export function createNetwork(options: NetworkWiring) {
  const { settings, notices, listeners, emit, log, uploads } = options;
  // A proxy that wants a sign-in: the window asks (a bridge event); the CLI cannot ask and says what to set instead.
  const proxyLogins = new ProxyLogins(
    options.mode === 'cli'
      ? null
      : (request) => {
          if (listeners.size === 0) return false;
          emit('network:proxy-login', request);
          return true;
        },
  );
  // The transport, made again when the school's certificates change (Support en updates).
  const makeTransport = (): Transport => {
    const fromPolicy = options.policyCaFile;
    const policyFile = fromPolicy ? { path: fromPolicy, text: readText(fromPolicy) } : null;
    let plan = transportPlan({ electron: options.transportFactory !== undefined, caFile: options.caFile ?? null, policyCaFile: policyFile, settingPem: settings.getSchoolCertificates() });
    if (!plan.ok) {
      // IT's policy names a certificate that cannot be used: said at the top of the window; the rest still works.
      const { message } = plan;
      if (!notices.some((n) => n.message === message)) notices.push({ level: 'warning', message });
      plan = transportPlan({ electron: options.transportFactory !== undefined, caFile: options.caFile ?? null, settingPem: settings.getSchoolCertificates() });
    }
    const extra = plan.ok && plan.extraPem ? { pem: plan.extraPem, source: plan.extraSource ?? 'instelling' } : null;
    return options.transportFactory ? options.transportFactory(extra) : nodeTransport({
          extraPem: extra?.pem ?? null,
          extraSource: extra?.source ?? null,
          ...(options.env ? { env: options.env } : {}),
          ...(options.mode === 'cli' ? {} : { proxyLogin: (proxy: string) => proxyLogins.request(proxy) }),
        });
  };
  let transport = makeTransport();
  const renewTransport = () => {
    const old = transport;
    transport = makeTransport();
    void old.close();
  };
  const schoolCertificates = () => {
    const pem = settings.getSchoolCertificates();
    const parsed = pem ? parseCertificates(pem) : null;
    return { certificates: parsed?.ok ? [...parsed.certificates] : [] };
  };

  return {
    transport: () => transport,
    proxyLogins,
    close: () => transport.close(),
    /** The `network:*` methods; `sync` is asked when called (it is made after the transport it uses). */
    handlers(deps: { readonly requireDb: () => Database.Database; readonly vault: TokenVault; readonly sync: () => SyncService | null }): Pick<Handlers, NetworkMethod> {
      const { requireDb, vault } = deps;
      return {
    'network:check-connection': async (input) => {
      const brin6 = input?.brin6;
      if (brin6) requireLocation(requireDb(), brin6);
      const report = await checkConnection({
        transport,
        baseUrl: input?.address ?? settings.get().apiBaseUrl,
        token: brin6 ? vault.load(brin6) : null,
        noTokenNote: brin6 ? `Niet aangemeld voor ${brin6}: meld je aan in stap 1 om te zien welk adres de dienst van deze pc ziet.` : 'Kies een locatie en meld je aan om te zien welk adres de dienst van deze pc ziet.',
      });
      log.info('network.check', { transport: report.transport, proxy: report.proxy !== null, extra: report.extraCertificates !== null, status: report.health.status, cause: report.health.problem?.code ?? null });
      return report;
    },
    'network:answer-proxy-login': ({ id, username, password }) => ({ accepted: proxyLogins.answer(id, { username, password }) }),
    'network:cancel-proxy-login': ({ id }) => ({ accepted: proxyLogins.answer(id, null) }),
    'network:get-certificates': () => schoolCertificates(),
    'network:set-certificates': ({ uploadId }) => {
      const upload = uploads.get(uploadId);
      let text: string;
      try {
        if (upload.size > 1_000_000) throw new ServiceError('invalid-input', 'Dit bestand is te groot voor een certificaat (meer dan 1 MB). Kies het certificaat van de school (.pem of .crt).', [{ path: ['uploadId'], message: 'Kies het certificaat van de school (.pem of .crt).' }]);
        text = fs.readFileSync(upload.file, 'latin1');
      } finally {
        uploads.remove(uploadId);
      }
      const parsed = parseCertificates(text);
      if (!parsed.ok) throw new ServiceError('invalid-input', parsed.message, [{ path: ['uploadId'], message: parsed.message }]);
      settings.setSchoolCertificates(parsed.pem);
      renewTransport();
      log.info('network.certificates', { count: parsed.certificates.length });
      void deps.sync()?.probe();
      return schoolCertificates();
    },
    'network:clear-certificates': () => {
      settings.setSchoolCertificates(null);
      renewTransport();
      log.info('network.certificates', { count: 0 });
      return schoolCertificates();
    },
      };
    },
  };
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return null;
  }
}

