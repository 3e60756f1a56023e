import { useQuery } from '../../hooks/useQuery';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { fieldIssues, fieldRefusal } from '../../../../shared/bridge';
import type { BridgeError } from '../../../../shared/bridge';
import { numoRegistrationInputSchema } from '../../../../shared/bridge/numo';
import type { Aanhef, KurveExport, NumoRegistrationInput, NumoView } from '../../../../shared/bridge/numo';
import { NUMO_LEVELS, NUMO_LEVEL_LABELS } from '../../../../shared/domain/numo';
import type { Terugstuuroptie as TerugstuuroptieValue } from '../../../../shared/domain/numo';
import { ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { count, formatNumber } from '../../format';
import { focusFirstIssue, useAction } from '../../hooks/useAction';
import { SelectField, TextField } from '../../components/form';
import { call, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';
import { DocumentSyncBadge, copyText, downloadText } from '../../components/document-parts';
import { AANHEF_LABEL, Matching, Summary, Terugstuuroptie } from './numo-parts';
import type { Field, FormState } from './numo-parts';

const EMPTY_FORM: FormState = {
  klantnummer: '',
  schoolnaam: '',
  // No salutation chosen for the coordinator: "Kies…" until they pick one (the schema asks for it).
  aanhef: '',
  voornaam: '',
  achternaam: '',
  email: '',
  // Nothing preselected: "Alle velden zijn verplicht", so the admin chooses the level and the option themselves.
  maximumNiveau: '',
  korteSchoolnaam: '',
  terugstuuroptie: null,
};


function formFrom(view: NumoView): FormState {
  const r = view.registration;
  if (!r) return EMPTY_FORM;
  return {
    klantnummer: r.klantnummer,
    schoolnaam: r.schoolnaam,
    aanhef: r.aanhef,
    voornaam: r.voornaam,
    achternaam: r.achternaam,
    email: r.email,
    maximumNiveau: r.maximumNiveau,
    korteSchoolnaam: r.korteSchoolnaam,
    terugstuuroptie: r.terugstuuroptie as TerugstuuroptieValue,
  };
}

/**
 * The same schema main checks with, so every message beside a field is the contract's own Dutch one; a refusal at
 * the same paths main's would have (`registration.<field>`), so the fields read both the same way.
 */
function validate(form: FormState): { ok: true; value: NumoRegistrationInput } | { ok: false; refusal: BridgeError } {
  const parsed = numoRegistrationInputSchema.safeParse(form);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, refusal: fieldRefusal(fieldIssues(parsed.error).map((issue) => ({ ...issue, path: ['registration', ...issue.path] }))) };
}

/** The fields a refusal names (client check or main's), for "2 velden vragen aandacht". */
function fieldsNamed(error: BridgeError | null): number {
  return new Set((error?.issues ?? []).filter((i) => i.path[0] === 'registration' && i.path.length > 1).map((i) => String(i.path[1]))).size;
}

/**
 * The Numo coupling of this location (seed 004): the registration Cito asks for, the terugstuuroptie with a live
 * preview, how many pupils can be coupled, the Kurve file for Somtoday schools, and a printable summary.
 */
export function NumoScreen() {
  const location = useCurrentLocation()!;
  const go = useShell((s) => s.go);
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [attempted, setAttempted] = useState(false);
  const [dirty, setDirty] = useState(false);
  const saveAction = useAction();
  const [ownError, setError] = useState<BridgeError | null>(null);
  const formLoaded = useRef(false);
  const dirtyRef = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  const query = useQuery('numo:get', { brin6: location.brin6 }, {
    reloadOnSync: true,
    onData: (value) => {
      // Later reloads (sync status: the service's copy may have been adopted) refresh the form only while nothing
      // is being typed in it; unsaved changes are never overwritten.
      if (!formLoaded.current || !dirtyRef.current) {
        formLoaded.current = true;
        setForm(formFrom(value));
      }
    },
  });
  const view: NumoView | null = query.data;
  const setView = query.setData;
  const error: BridgeError | null = ownError ?? query.error;

  function change<K extends keyof FormState>(key: K, value: FormState[K]) {
    const next = { ...form, [key]: value };
    setForm(next);
    setDirty(true);
    dirtyRef.current = true;
    // After a first attempt to save, the messages follow the typing.
    if (attempted) {
      const checked = validate(next);
      saveAction.setError(checked.ok ? null : checked.refusal);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    const checked = validate(form);
    if (!checked.ok) {
      saveAction.setError(checked.refusal);
      if (formRef.current) focusFirstIssue(formRef.current, checked.refusal.issues);
      return;
    }
    saveAction.setError(null);
    if (saveAction.busy) return;
    const saved = await saveAction.run(() => call('numo:save', { brin6: location.brin6, registration: checked.value }), {
      form: formRef,
      toast: (value) =>
        value.sync?.state === 'synced' ? 'Numo-aanmelding opgeslagen.' : 'Numo-aanmelding opgeslagen; ze gaat naar de centrale dienst zodra er verbinding is.',
    });
    if (!saved) return;
    setView(saved);
    setForm(formFrom(saved));
    setDirty(false);
    dirtyRef.current = false;
  }

  if (view === null) {
    return (
      <section className="screen" aria-labelledby="screen-title">
        <ScreenTitle>Numo-koppeling</ScreenTitle>
        <ErrorNotice error={error} />
        {!error && <Spinner label="Numo-koppeling laden…" />}
      </section>
    );
  }

  const registration = view.registration;
  const matching = view.matching;
  // A refusal naming fields is said beside them (and summed up in the form); anything else at the top.
  const namedFields = fieldsNamed(saveAction.error);
  const text = (name: Field, label: string, props: { hint?: string; type?: string; autoComplete?: string; inputMode?: 'numeric' } = {}) => (
    <TextField
      id={`numo-${name}`}
      path={`registration.${name}`}
      label={label}
      value={form[name]}
      onChange={(value) => change(name, value)}
      error={saveAction.fieldError('registration', name)}
      testId={`numo-${name}`}
      {...props}
    />
  );

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle>Numo-koppeling</ScreenTitle>
      <p className="lead no-print">
        Met de koppeling tussen Leerling in beeld VO van Cito en Numo zet je in Numo leerplannen klaar op basis van de Cito-toetsresultaten. Vul
        hier de aanmelding in die Cito vraagt (op cito.nl/cito-numo), kies welke resultaten naar Numo gaan, en controleer of je leerlingen te
        koppelen zijn. Cito behandelt de aanvraag binnen maximaal 5 dagen.
      </p>
      <ErrorNotice error={(namedFields === 0 ? saveAction.error : null) ?? error} onDismiss={() => {
          saveAction.setError(null);
          setError(null);
          query.dismiss();
        }} />

      <form ref={formRef} className="numo-form no-print" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="numo-form-title" data-testid="numo-form">
        <div className="card">
          <div className="card-title-row">
            <h3 id="numo-form-title">Aanmelden koppeling met Numo</h3>
            <DocumentSyncBadge sync={view.sync} updatedAt={registration?.updatedAt} testId="numo-sync" />
          </div>
          {!registration && (
            <p className="hint" data-testid="numo-not-registered">
              Nog niets ingevuld voor {location.name}. Alle velden zijn verplicht; het BRIN-nummer is dat van deze locatie.
            </p>
          )}
          {namedFields > 0 && (
            <p className="field-error" role="alert" data-testid="numo-errors">
              {count(namedFields, 'veld vraagt', 'velden vragen')} aandacht; zie de meldingen bij de velden.
            </p>
          )}
          <div className="form-row">
            {text('klantnummer', 'Klantnummer', { hint: 'Het klantnummer van Cito (alleen cijfers).', inputMode: 'numeric' })}
            <div className="field">
              <label htmlFor="numo-brin">BRIN nummer</label>
              <input id="numo-brin" value={location.brin6} readOnly aria-describedby="numo-brin-hint" data-testid="numo-brin" />
              <p id="numo-brin-hint" className="field-hint">
                Altijd de BRIN6 van deze locatie.
              </p>
            </div>
          </div>
          <div className="form-row">
            {text('schoolnaam', 'School/onderwijsorganisatie', { autoComplete: 'organization' })}
          </div>
          <div className="form-row">
            <SelectField id="numo-aanhef" path="registration.aanhef" label="Aanhef" value={form.aanhef} onChange={(v) => change('aanhef', v)} error={saveAction.fieldError('registration', 'aanhef')} testId="numo-aanhef">
              <option value="" disabled>
                Kies…
              </option>
              {(Object.keys(AANHEF_LABEL) as Aanhef[]).map((a) => (
                <option key={a} value={a}>
                  {AANHEF_LABEL[a]}
                </option>
              ))}
            </SelectField>
            {text('voornaam', 'Voornaam', { autoComplete: 'given-name' })}
            {text('achternaam', 'Achternaam', { autoComplete: 'family-name' })}
          </div>
          <div className="form-row">
            {text('email', 'E-mail', { type: 'email', autoComplete: 'email' })}
            <SelectField id="numo-maximumNiveau" path="registration.maximumNiveau" label="Maximum niveau" value={form.maximumNiveau} onChange={(v) => change('maximumNiveau', v)} error={saveAction.fieldError('registration', 'maximumNiveau')} testId="numo-maximumNiveau">
              <option value="" disabled>
                Kies…
              </option>
              {NUMO_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {NUMO_LEVEL_LABELS[l]}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="form-row">
            {text('korteSchoolnaam', 'Korte schoolnaam Numo', { hint: 'De naam van de school in Numo; Kurve vindt de school eraan, en hij staat in de naam van het Kurve-bestand.' })}
          </div>
        </div>

        <Terugstuuroptie value={form.terugstuuroptie} onChange={(o) => change('terugstuuroptie', o)} error={saveAction.fieldError('registration', 'terugstuuroptie')} />

        <div className="actions">
          <button type="submit" className="button button-primary" aria-disabled={saveAction.busy || undefined} data-testid="numo-save">
            {saveAction.busy ? 'Bezig…' : 'Aanmelding opslaan'}
          </button>
          {dirty && (
            <span className="warning-text" data-testid="numo-dirty">
              Niet opgeslagen wijzigingen
            </span>
          )}
        </div>
      </form>

      <Matching view={view} onImport={() => go('import')} />

      {/* A new registration (another korte schoolnaam) makes an earlier Kurve file stale: the card starts afresh. */}
      <KurveCard key={registration?.updatedAt ?? 'none'} brin6={location.brin6} registered={registration !== null} hasConfirmedImport={matching.hasConfirmedImport} />

      <Summary view={view} locationName={location.name} />
    </section>
  );
}

/** The Kurve file for Somtoday schools: made from the confirmed import, downloaded, with the message to send. */
function KurveCard({ brin6, registered, hasConfirmedImport }: { brin6: string; registered: boolean; hasConfirmedImport: boolean }) {
  const showToast = useShell((s) => s.showToast);
  const [kurve, setKurve] = useState<KurveExport | null>(null);
  const [kurveError, setKurveError] = useState<BridgeError | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function makeKurve() {
    setKurveError(null);
    setCopyState('idle');
    const result = await call('numo:export-kurve', { brin6 });
    if (!result.ok) {
      setKurve(null);
      setKurveError(result.error);
      return;
    }
    setKurve(result.value);
    downloadText(result.value.xml, result.value.fileName, 'application/xml;charset=utf-8');
  }

  async function copyMessage() {
    if (!kurve) return;
    const ok = await copyText(`Aan: ${kurve.to}\nOnderwerp: ${kurve.subject}\n\n${kurve.message}`);
    setCopyState(ok ? 'copied' : 'failed');
    if (ok) showToast('Bericht gekopieerd. Plak het in een nieuwe e-mail en voeg het bestand toe.');
  }

  return (
    <div className="card no-print" data-testid="kurve">
      <h3>Bestand voor Kurve (Somtoday én Cito)</h3>
      <p>
        Werkt jullie school met Somtoday én Cito? Dan gebruikt Cito niet het leerlingnummer of de eck-id uit Somtoday, en moet er een extra
        bestand met de Cito-leerlingkey naar Kurve. De console maakt dat bestand (EDEXML 2.1) uit het bevestigde bestand van deze locatie, met
        alleen wat de koppeling nodig heeft.
      </p>
      {!hasConfirmedImport || !registered ? (
        <p className="hint" data-testid="kurve-not-ready">
          {!hasConfirmedImport
            ? 'Importeer en bevestig eerst het EDEXML-bestand van deze locatie (stap 2 en 3).'
            : 'Sla eerst de aanmelding op, met de korte schoolnaam in Numo.'}
        </p>
      ) : null}
      <ErrorNotice error={kurveError} onDismiss={() => setKurveError(null)} />
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => void makeKurve()}
          disabled={!hasConfirmedImport || !registered}
          data-testid="kurve-export"
        >
          Kurve-bestand maken
        </button>
      </div>
      {kurve && (
        <div className="kurve-result" data-testid="kurve-result">
          <Notice level="success" testId="kurve-ready">
            <p>
              <strong>{kurve.fileName}</strong> is gedownload: {count(kurve.counts.leerlingen, 'leerling', 'leerlingen')} in{' '}
              {count(kurve.counts.groepen, 'klas', 'klassen')}, {formatNumber(kurve.counts.withEckid)} met eck-id,{' '}
              {formatNumber(kurve.counts.withGebruikersnaam)} met leerlingnummer.
            </p>
            <p>Stuur het bestand met het bericht hieronder naar Kurve.</p>
          </Notice>
          <dl className="mail-head">
            <dt>Aan</dt>
            <dd data-testid="kurve-to">{kurve.to}</dd>
            <dt>Onderwerp</dt>
            <dd data-testid="kurve-subject">{kurve.subject}</dd>
            <dt>Bijlage</dt>
            <dd>{kurve.fileName}</dd>
          </dl>
          <div className="field">
            <label htmlFor="kurve-message">Bericht</label>
            <textarea id="kurve-message" className="message-text" readOnly value={kurve.message} rows={20} data-testid="kurve-message" />
          </div>
          <div className="actions">
            <button type="button" className="button" onClick={() => void copyMessage()} data-testid="kurve-copy">
              Kopieer bericht
            </button>
            <button type="button" className="button button-quiet" onClick={() => downloadText(kurve.xml, kurve.fileName, 'application/xml;charset=utf-8')}>
              Bestand opnieuw downloaden
            </button>
            {copyState === 'copied' && (
              <span className="status-ok" role="status">
                Gekopieerd
              </span>
            )}
          </div>
          {copyState === 'failed' && (
            <p className="warning-text" role="alert" data-testid="kurve-copy-failed">
              Kopiëren naar het klembord lukte niet. Klik in het bericht, selecteer alles met Ctrl+A en kopieer het met Ctrl+C.
            </p>
          )}
        </div>
      )}
    </div>

  );
}
