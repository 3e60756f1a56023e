import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { apiBaseUrlSchema, fieldIssues, fieldRefusal } from '../../../../shared/bridge';
import type { Settings } from '../../../../shared/bridge';
import { useAction } from '../../hooks/useAction';
import { call, useShell } from '../../store';
import { TextField } from '../../components/form';
import { ErrorNotice } from '../../components/ui';

/** Where the address in use comes from, in one Dutch sentence. */
export function addressSourceLine(settings: Settings): string {
  const { source, policyWhere } = settings.serviceAddress;
  const where = policyWhere ? ` (beleid: ${policyWhere})` : '';
  switch (source) {
    case 'policy':
      return `Vastgelegd door de ICT-afdeling van de school${where}; het kan hier niet worden gewijzigd.`;
    case 'policy-default':
      return `Voorgesteld door de ICT-afdeling van de school${where}.`;
    case 'build':
      return 'Het adres dat in deze versie van de console is ingebouwd.';
    case 'setting':
      return 'Ingesteld door een beheerder op deze pc.';
    default:
      return 'Er is nog geen adres ingesteld: de console werkt offline tot het er is.';
  }
}

/**
 * *Support en updates*: the address of the central service, and changing it (unless IT's policy fixes it). A new
 * address is tested first (the same check as "Verbinding testen", to the new address, nothing saved); it is saved when
 * the service answers there, or on "Toch opslaan" (offline now, or the service is not up yet).
 */
export function ServiceAddress() {
  const settings = useShell((s) => s.settings);
  const setSettings = useShell((s) => s.setSettings);
  const [address, setAddress] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  if (!settings) return null;
  const { changeable } = settings.serviceAddress;

  async function save() {
    const result = await action.run(() => call('settings:set-api-base-url', { apiBaseUrl: address }), { form });
    if (!result) return;
    setSettings(result);
    setFailed(null);
    setAddress('');
    setSaved(`Opgeslagen: de console gebruikt nu ${result.apiBaseUrl}. Meld je per locatie opnieuw aan in stap 1.`);
  }

  async function testAndSave(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    setFailed(null);
    // The same schema main checks with, answered here first (issues at ["apiBaseUrl"]) without a round trip.
    const checked = apiBaseUrlSchema.safeParse(address);
    if (!checked.success) {
      action.setError(fieldRefusal(fieldIssues(checked.error).map((issue) => ({ ...issue, path: ['apiBaseUrl', ...issue.path] }))));
      input.current?.focus();
      return;
    }
    // The check names the field `address`; focus goes to the one field there is.
    const report = await action.run(() => call('network:check-connection', { address }), { onError: () => input.current?.focus() });
    if (!report) return;
    if (report.health.ok) return save();
    const cause = report.health.problem?.message ?? `De dienst antwoordde met status ${report.health.status ?? 'onbekend'}.`;
    setFailed(`De test naar dit adres lukte niet: ${cause} Weet je zeker dat het adres klopt (bijvoorbeeld omdat je nu offline bent), kies dan "Toch opslaan".`);
  }

  const fieldError = action.fieldError('address') ?? action.fieldError('apiBaseUrl');
  return (
    <div data-testid="service-address">
      <p>
        <span className="address-in-use" data-testid="service-address-current">
          {settings.apiBaseUrl ?? 'Geen adres'}
        </span>
        <br />
        <span className="hint" data-testid="service-address-source">
          {addressSourceLine(settings)}
        </span>
      </p>
      {changeable && (
        <form ref={form} onSubmit={(e) => void testAndSave(e)} noValidate aria-label="Adres van de centrale dienst wijzigen">
          <ErrorNotice error={fieldError ? null : action.error} onDismiss={() => action.setError(null)} />
          <TextField
            id="service-address-new"
            path="apiBaseUrl"
            label="Nieuw adres (https://…)"
            type="url"
            value={address}
            onChange={(value) => {
              setAddress(value);
              setFailed(null);
            }}
            placeholder="https://"
            autoComplete="url"
            hint="Na het wijzigen meld je je per locatie opnieuw aan: een aanmelding bij het oude adres gaat nooit naar het nieuwe."
            error={fieldError}
            testId="service-address-input"
            inputRef={input}
          />
          {failed && (
            <p className="notice notice-warning" role="alert" data-testid="service-address-failed">
              {failed}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="button" disabled={action.busy || address.trim() === ''} data-testid="service-address-save">
              {action.busy ? 'Bezig met testen…' : 'Testen en opslaan'}
            </button>
            {failed && (
              <button type="button" className="button button-quiet" onClick={() => void save()} disabled={action.busy} data-testid="service-address-force">
                Toch opslaan
              </button>
            )}
          </div>
        </form>
      )}
      {saved && (
        <p className="notice notice-success" role="status" data-testid="service-address-saved">
          {saved}
        </p>
      )}
    </div>
  );
}
