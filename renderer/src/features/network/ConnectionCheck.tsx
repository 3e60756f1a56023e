import { useEffect, useRef, useState } from 'react';
import type { ConnectionCheck as Report } from '../../../../shared/bridge';
import type { NetworkCause } from '../../../../shared/domain/network';
import { useAction } from '../../hooks/useAction';
import { formatDateTime } from '../../format';
import { call, getBridge, useShell } from '../../store';
import { FileButton } from '../../components/FileButton';
import { ErrorNotice } from '../../components/ui';

/**
 * "Verbinding testen" (issue 30, point 4): each leg through the same transport as the sync — proxy, the certificate
 * shown, /v1/health, and the public address the service sees (when signed in for the current location) — shown as a
 * list and as text to copy for the helpdesk.
 */
/** The outcome in a few words, where the screen already shows the whole message (step 1's notice). */
const BRIEF: Record<NetworkCause, string> = {
  offline: 'Uitkomst: geen netwerkverbinding met de centrale dienst.',
  proxy: 'Uitkomst: de proxy van het schoolnetwerk liet het verzoek niet door.',
  tls: 'Uitkomst: het certificaat van de verbinding wordt niet vertrouwd.',
  diverted: 'Uitkomst: het verzoek werd omgeleid (webfilter of inlogpagina); de centrale dienst kreeg het niet.',
  timeout: 'Uitkomst: de centrale dienst antwoordde niet op tijd.',
  service: 'Uitkomst: de centrale dienst gaf een fout.',
};

export function ConnectionCheck({ testId = 'connection-check', brief = false, autoRun = false }: { testId?: string; brief?: boolean; autoRun?: boolean }) {
  const current = useShell((s) => s.current);
  const [report, setReport] = useState<Report | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const action = useAction();

  async function check() {
    setCopied(null);
    const result = await action.run(() => call('network:check-connection', current ? { brin6: current } : undefined));
    if (result) setReport(result);
  }

  async function copy() {
    if (!report) return;
    try {
      await navigator.clipboard.writeText(report.text);
      setCopied('De uitkomst staat op het klembord. Plak hem in je mail aan de ICT-afdeling of de helpdesk.');
    } catch {
      setCopied('Kopiëren lukte niet; selecteer de tekst hieronder en kopieer hem zelf (Ctrl+C).');
    }
  }

  // Help → Verbinding testen in the desktop menu: the test runs as the dialog opens.
  const ran = useRef(false);
  useEffect(() => {
    if (!autoRun || ran.current) return;
    ran.current = true;
    void check();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when opened for it
  }, [autoRun]);

  const problem = report?.health.problem ?? null;
  return (
    <div className="connection-check" data-testid={testId}>
      <div className="actions">
        <button type="button" className="button" onClick={() => void check()} disabled={action.busy} data-testid={`${testId}-run`}>
          {action.busy ? 'Verbinding wordt getest…' : 'Verbinding testen'}
        </button>
        {report && (
          <button type="button" className="button button-quiet" onClick={() => void copy()}>
            Kopiëren voor de helpdesk
          </button>
        )}
      </div>
      <ErrorNotice error={action.error} onDismiss={() => action.setError(null)} />
      {report && (
        <div role="status" data-testid={`${testId}-result`}>
          <p className={`notice ${report.health.ok ? 'notice-success' : 'notice-warning'}`}>
            {report.service === null
              ? 'Er is nog geen adres van de centrale dienst ingesteld. Vul het in bij stap 1.'
              : report.health.ok
                ? 'De centrale dienst antwoordt langs deze weg.'
                : problem
                  ? brief
                    ? BRIEF[problem.cause]
                    : problem.message
                  : `De centrale dienst antwoordde met status ${report.health.status ?? 'onbekend'}.`}
          </p>
          <dl className="check-legs">
            <dt>Centrale dienst</dt>
            <dd>{report.service ?? 'niet ingesteld'}</dd>
            <dt>Proxy</dt>
            <dd>{report.proxy ?? 'geen (rechtstreeks)'}</dd>
            <dt>Certificaat</dt>
            <dd>
              {report.tls
                ? `${report.tls.subject}, uitgegeven door ${report.tls.issuer}; ${report.tls.trusted ? 'vertrouwd' : `niet vertrouwd (${report.tls.error ?? 'onbekend'})`}`
                : report.service?.startsWith('http:')
                  ? 'geen (http)'
                  : 'niet te zien'}
            </dd>
            <dt>Antwoord</dt>
            <dd>{report.health.status !== null ? `status ${report.health.status}` : problem ? `geen antwoord van de dienst (${problem.code})` : '—'}</dd>
            <dt>Publiek adres</dt>
            <dd>{report.publicAddress ?? report.addressNote ?? '—'}</dd>
            <dt>Getest</dt>
            <dd>{formatDateTime(report.checkedAt)}</dd>
          </dl>
          {copied && <p className="hint">{copied}</p>}
          <details>
            <summary>Tekst voor de helpdesk</summary>
            <pre className="report-text" tabIndex={0} aria-label="Uitkomst van de verbindingstest" data-testid={`${testId}-text`}>
              {report.text}
            </pre>
          </details>
        </div>
      )}
    </div>
  );
}

/**
 * The school's certificate (TLS inspection): a PEM file IT gives the console, trusted beside the system's. Main
 * checks it before it is saved; a wrong file gets its message here and changes nothing.
 */
export function SchoolCertificate() {
  const [certificates, setCertificates] = useState<Array<{ subject: string; issuer: string; validTo: string; isCa: boolean }> | null>(null);
  const action = useAction();

  useEffect(() => {
    void call('network:get-certificates').then((result) => {
      if (result.ok) setCertificates(result.value.certificates);
    });
  }, []);

  async function choose(file: File) {
    const b = getBridge();
    if (!b) return;
    const saved = await action.run(
      async () => {
        const uploaded = await b.uploadFile(file, file.name);
        return uploaded.ok ? call('network:set-certificates', { uploadId: uploaded.value.uploadId }) : uploaded;
      },
      { toast: 'Certificaat van de school opgeslagen. De console vertrouwt het voortaan naast die van het systeem.' },
    );
    if (saved) setCertificates(saved.certificates);
  }

  async function forget() {
    const cleared = await action.run(() => call('network:clear-certificates'), { toast: 'Certificaat van de school vergeten.' });
    if (cleared) setCertificates(cleared.certificates);
  }

  return (
    <div data-testid="school-certificate">
      <p className="hint">
        Controleert het schoolnetwerk beveiligde verbindingen (TLS-inspectie) met een eigen certificaat dat deze pc niet kent? Vraag de ICT-afdeling om
        het certificaat van de school (.pem of .crt, “-----BEGIN CERTIFICATE-----”) en kies het hier. Beter nog: laat de ICT-afdeling de centrale dienst
        uitzonderen van TLS-inspectie.
      </p>
      {certificates && certificates.length > 0 ? (
        <ul className="plain-list" data-testid="school-certificate-list">
          {certificates.map((c) => (
            <li key={`${c.subject}-${c.validTo}`}>
              {c.subject} ({c.isCa ? 'certificaatautoriteit' : 'certificaat'}, uitgegeven door {c.issuer}, geldig tot {formatDateTime(c.validTo)})
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="school-certificate-none">{certificates ? 'Geen: de console vertrouwt alleen de certificaten van het systeem.' : 'Wordt opgehaald…'}</p>
      )}
      <ErrorNotice error={action.error} onDismiss={() => action.setError(null)} />
      <div className="actions">
        <FileButton
          label="Certificaat van de school kiezen…"
          inputLabel="Certificaat van de school"
          accept=".pem,.crt,.cer,application/x-pem-file,application/x-x509-ca-cert"
          onFile={(file) => void choose(file)}
          disabled={action.busy}
          testId="school-certificate-file"
        />
        {certificates && certificates.length > 0 && (
          <button type="button" className="button button-quiet" onClick={() => void forget()} disabled={action.busy}>
            Certificaat vergeten
          </button>
        )}
      </div>
    </div>
  );
}
