import { trapTab } from '../../hooks/useModal';
import { useEffect, useRef, useState } from 'react';
import type { SupportInfo } from '../../../../shared/bridge';
import { downloadText } from '../../components/document-parts';
import { call, getBridge, useShell } from '../../store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ConnectionCheck, SchoolCertificate } from '../network/ConnectionCheck';
import { ServiceAddress } from '../network/ServiceAddress';

/** What a coordinator may send to support, said before they send it. */
export const LOG_CONTENTS_LINE =
  'In de logbestanden staat wat de console deed: starten, fouten, synchronisaties en imports, alleen met aantallen en Brin6-codes. ' +
  'Er staan geen namen, e-mailadressen, wachtwoorden, BSN’s of andere persoonsgegevens in.';

/**
 * "Support en updates" from the status bar: the log files for support (the folder opens on the desktop; browser mode
 * downloads the newest file) and automatic updates, with who decides about them.
 */
export function SupportButton() {
  const [open, setOpen] = useState(false);
  const [autoCheck, setAutoCheck] = useState(false);
  // The desktop menu: Bestand → Support en updates, Help → Verbinding testen (which runs the test at once).
  useEffect(
    () =>
      getBridge()?.subscribe('app:menu', ({ command }) => {
        setAutoCheck(command === 'check-connection');
        setOpen(true);
      }),
    [],
  );
  const opener = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Focus goes back to this button once the dialog is gone (while it is modal, nothing outside can take focus).
  useEffect(() => {
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return (
    <>
      {/* Opened by hand: no automatic connection test (that is only for Help → Verbinding testen). */}
      <button
        ref={opener}
        type="button"
        className="link-button statusbar-button"
        onClick={() => {
          setAutoCheck(false);
          setOpen(true);
        }}
        data-testid="support-open"
      >
        Support en updates
      </button>
      {open && (
        <SupportDialog onClose={() => setOpen(false)} autoCheck={autoCheck} />
      )}
    </>
  );
}

function SupportDialog({ onClose, autoCheck }: { onClose: () => void; autoCheck: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [info, setInfo] = useState<SupportInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const update = useShell((s) => s.update);
  const setUpdate = useShell((s) => s.setUpdate);
  const appInfo = useShell((s) => s.info);

  useEffect(() => {
    const d = ref.current;
    const untrap = d ? trapTab(d) : undefined;
    d?.showModal();
    void call('app:get-support').then((result) => {
      if (result.ok) {
        setInfo(result.value);
        setUpdate(result.value.updates);
      } else setMessage(result.error.message);
    });
    return untrap;
  }, [setUpdate]);

  const openLogs = async () => {
    const result = await call('app:open-logs');
    if (!result.ok) return setMessage(result.error.message);
    const value = result.value;
    if (value.kind === 'opened') setMessage(`De map met logbestanden is geopend: ${value.folder}`);
    else if (value.kind === 'empty') setMessage(`Er is nog geen logbestand. Het komt in ${value.folder}.`);
    else {
      downloadText(value.content, value.fileName, 'text/plain;charset=utf-8');
      setMessage(`${value.fileName} is gedownload. Stuur het mee in je mail aan support.`);
    }
  };

  const toggleUpdates = async (enabled: boolean) => {
    const result = await call('app:set-updates-enabled', { enabled });
    if (result.ok) setUpdate(result.value);
    else setMessage(result.error.message);
  };

  const locked = !update || update.managedBy !== 'setting';
  return (
    <dialog ref={ref} className="dialog dialog-wide" aria-labelledby="support-title" onCancel={onClose} onClose={onClose} data-testid="support-dialog">
      <h2 id="support-title">Support en updates</h2>
      <div className="dialog-body">
        <p>
          Beheerconsole {appInfo?.version}
          {info ? ` · logbestanden in ${info.logFolder}` : ''}
        </p>
        <h3>Logbestanden voor support</h3>
        <p data-testid="support-log-line">{LOG_CONTENTS_LINE}</p>
        <button type="button" className="button" onClick={() => void openLogs()} data-testid="support-logs">
          {info?.canOpenFolder === false ? 'Logbestand downloaden' : 'Logbestanden voor support'}
        </button>
        <h3>Adres van de centrale dienst</h3>
        <ServiceAddress />
        <h3>Verbinding met de centrale dienst</h3>
        <p className="hint">
          Werkt synchroniseren niet op het schoolnetwerk? De test gaat langs dezelfde weg als de synchronisatie (proxy, certificaat, antwoord van de
          dienst) en geeft een uitkomst die je aan de ICT-afdeling kunt sturen.
        </p>
        <ConnectionCheck testId="support-connection-check" autoRun={autoCheck} />
        <h3>Certificaat van de school</h3>
        <SchoolCertificate />
        <h3>Automatisch bijwerken</h3>
        <p data-testid="support-update-line">{update?.line ?? 'De stand van het bijwerken wordt opgehaald…'}</p>
        {update?.available && (
          <label className="checkbox">
            <input type="checkbox" checked={update.enabled} disabled={locked} onChange={(event) => void toggleUpdates(event.target.checked)} />
            Zelf naar nieuwe versies zoeken en ze installeren bij herstarten
          </label>
        )}
        <h3>Beleid van de ICT-afdeling</h3>
        <PolicyInForce policy={info?.policy ?? null} />
        {message && (
          <p role="status" className="notice notice-info" data-testid="support-message">
            {message}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="button" className="button button-primary" onClick={onClose} autoFocus>
          Sluiten
        </button>
      </div>
    </dialog>
  );
}

/** What school IT presets or locks on this PC, each setting with where it was found; what was ignored, and why. */
function PolicyInForce({ policy }: { policy: SupportInfo['policy'] | null }) {
  if (!policy) return <p className="hint">Het beleid wordt opgehaald…</p>;
  return (
    <div data-testid="support-policy">
      {policy.entries.length === 0 ? (
        <p>Op deze pc heeft de ICT-afdeling niets vastgelegd; alles is hier zelf in te stellen.</p>
      ) : (
        <dl className="check-legs">
          {policy.entries.map((entry) => (
            <div key={entry.key} className="policy-entry">
              <dt>{entry.label}</dt>
              <dd>
                {entry.value} <span className="hint">— uit {entry.where}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {policy.warnings.map((warning) => (
        <p key={warning} className="notice notice-warning">
          {warning}
        </p>
      ))}
      {policy.looked.length > 0 && <p className="hint">Gezocht in: {policy.looked.join(' · ')}</p>}
    </div>
  );
}

/**
 * "Nieuwe versie klaar — herstart om bij te werken": never a restart while changes wait to be sent without asking.
 * Later hides the banner until the next start; the update installs when the console is closed anyway.
 */
export function UpdateBanner() {
  const update = useShell((s) => s.update);
  const [later, setLater] = useState(false);
  const [pending, setPending] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!update || update.phase !== 'ready' || later) return null;
  const restart = async (confirmQueued: boolean) => {
    const result = await call('app:restart-to-update', { confirmQueued });
    if (!result.ok) return setError(result.error.message);
    if (!result.value.restarting) setPending(result.value.pendingChanges);
  };
  return (
    <div className="notice notice-info" data-testid="update-banner">
      <span>{update.line}</span>
      <button type="button" className="button button-primary" onClick={() => void restart(false)}>
        Herstarten
      </button>
      <button type="button" className="link-button" onClick={() => setLater(true)}>
        Later
      </button>
      {error && <span className="field-error">{error}</span>}
      <ConfirmDialog
        open={pending !== null && pending > 0}
        title="Eerst versturen?"
        confirmLabel="Toch herstarten"
        onCancel={() => setPending(null)}
        onConfirm={() => {
          setPending(null);
          void restart(true);
        }}
      >
        <p>
          {pending === 1 ? 'Er wacht nog 1 wijziging' : `Er wachten nog ${pending} wijzigingen`} op verzending naar de centrale dienst. Ze blijven
          bewaard op deze pc en gaan na de herstart verder. Wil je liever eerst versturen, kies dan Annuleren en wacht tot de wachtrij leeg is.
        </p>
      </ConfirmDialog>
    </div>
  );
}
