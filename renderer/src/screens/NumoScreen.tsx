import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { BridgeError } from '../../../shared/bridge';
import { numoRegistrationInputSchema } from '../../../shared/bridge/numo';
import type { Aanhef, KurveExport, NumoRegistrationInput, NumoView, UnmatchablePupil } from '../../../shared/bridge/numo';
import {
  NUMO_LEVELS,
  NUMO_LEVEL_LABELS,
  TERUGSTUUROPTIES,
  TERUGSTUUROPTIE_MEANING,
  describeTerugstuuroptie,
  formatTerugstuuroptie,
  levelLadder,
} from '../../../shared/domain/numo';
import type { NumoLevel, Terugstuuroptie } from '../../../shared/domain/numo';
import { VirtualList } from '../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../components/ui';
import { count, formatNumber } from '../format';
import { call, useCurrentLocation, useShell } from '../store';
import { DocumentSyncBadge, copyText, downloadText } from './document-parts';

type Field = Exclude<keyof NumoRegistrationInput, 'terugstuuroptie'>;
type FormState = Record<Field, string> & { terugstuuroptie: Terugstuuroptie };
type FieldErrors = Partial<Record<keyof NumoRegistrationInput, string>>;

const EMPTY_FORM: FormState = {
  klantnummer: '',
  schoolnaam: '',
  aanhef: 'meneer',
  voornaam: '',
  achternaam: '',
  email: '',
  maximumNiveau: 'havo',
  korteSchoolnaam: '',
  terugstuuroptie: 0,
};

const AANHEF_LABEL: Record<Aanhef, string> = { meneer: 'Meneer', mevrouw: 'Mevrouw', geen: 'Geen aanhef' };

/** The order of the form's fields, for focusing the first one that needs attention. */
const FIELD_ORDER: Array<keyof NumoRegistrationInput> = [
  'klantnummer',
  'schoolnaam',
  'aanhef',
  'voornaam',
  'achternaam',
  'email',
  'maximumNiveau',
  'korteSchoolnaam',
  'terugstuuroptie',
];

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
    terugstuuroptie: r.terugstuuroptie as Terugstuuroptie,
  };
}

/** The same schema main checks with, so every message beside a field is the contract's own Dutch one. */
function validate(form: FormState): { ok: true; value: NumoRegistrationInput } | { ok: false; errors: FieldErrors } {
  const parsed = numoRegistrationInputSchema.safeParse(form);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as keyof NumoRegistrationInput | undefined;
    if (key && !errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors };
}

/** Main's refusal names the field ("registration.email: …"): put each part beside its field. */
function errorsFromBridge(message: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const m of message.matchAll(/registration\.(\w+): ([^;]+)/g)) {
    const key = m[1] as keyof NumoRegistrationInput;
    if (FIELD_ORDER.includes(key) && !errors[key]) errors[key] = m[2]!.trim();
  }
  return errors;
}

/**
 * The Numo coupling of this location (seed 004): the registration Cito asks for, the terugstuuroptie with a live
 * preview, how many pupils can be coupled, the Kurve file for Somtoday schools, and a printable summary.
 */
export function NumoScreen() {
  const location = useCurrentLocation()!;
  const syncTick = useShell((s) => s.syncTick);
  const showToast = useShell((s) => s.showToast);
  const go = useShell((s) => s.go);
  const [view, setView] = useState<NumoView | null>(null);
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempted, setAttempted] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  const [kurve, setKurve] = useState<KurveExport | null>(null);
  const [kurveError, setKurveError] = useState<BridgeError | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const formLoaded = useRef(false);
  const dirtyRef = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    let live = true;
    void call('numo:get', { brin6: location.brin6 }).then((r) => {
      if (!live) return;
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setView(r.value);
      // Later reloads (sync status: the service's copy may have been adopted) refresh the form only while nothing
      // is being typed in it; unsaved changes are never overwritten.
      if (!formLoaded.current || !dirtyRef.current) {
        formLoaded.current = true;
        setForm(formFrom(r.value));
      }
    });
    return () => {
      live = false;
    };
  }, [location.brin6, syncTick]);

  function change<K extends keyof FormState>(key: K, value: FormState[K]) {
    const next = { ...form, [key]: value };
    setForm(next);
    setDirty(true);
    dirtyRef.current = true;
    // After a first attempt to save, the messages follow the typing.
    if (attempted) {
      const checked = validate(next);
      setErrors(checked.ok ? {} : checked.errors);
    }
  }

  function focusFirst(errs: FieldErrors) {
    const first = FIELD_ORDER.find((f) => errs[f]);
    if (!first) return;
    const el = formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`);
    el?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    const checked = validate(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirst(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await call('numo:save', { brin6: location.brin6, registration: checked.value });
    setBusy(false);
    if (!result.ok) {
      const fieldErrors = errorsFromBridge(result.error.message);
      setErrors(fieldErrors);
      setError(result.error);
      focusFirst(fieldErrors);
      return;
    }
    setError(null);
    setView(result.value);
    setForm(formFrom(result.value));
    setDirty(false);
    dirtyRef.current = false;
    setKurve(null);
    showToast(
      result.value.sync?.state === 'synced'
        ? 'Numo-aanmelding opgeslagen.'
        : 'Numo-aanmelding opgeslagen; ze gaat naar de centrale dienst zodra er verbinding is.',
    );
  }

  async function makeKurve() {
    setKurveError(null);
    setCopyState('idle');
    const result = await call('numo:export-kurve', { brin6: location.brin6 });
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

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle>Numo-koppeling</ScreenTitle>
      <p className="lead no-print">
        Met de koppeling tussen Leerling in beeld VO van Cito en Numo zet je in Numo leerplannen klaar op basis van de Cito-toetsresultaten. Vul
        hier de aanmelding in die Cito vraagt (op cito.nl/cito-numo), kies welke resultaten naar Numo gaan, en controleer of je leerlingen te
        koppelen zijn. Cito behandelt de aanvraag binnen maximaal 5 dagen.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />

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
          {Object.keys(errors).length > 0 && (
            <p className="field-error" role="alert" data-testid="numo-errors">
              {count(Object.keys(errors).length, 'veld vraagt', 'velden vragen')} aandacht; zie de meldingen bij de velden.
            </p>
          )}
          <div className="form-row">
            <TextField name="klantnummer" label="Klantnummer" hint="Het klantnummer van Cito (alleen cijfers)." form={form} errors={errors} onChange={change} inputMode="numeric" />
            <div className="field">
              <label htmlFor="numo-brin">BRIN nummer</label>
              <input id="numo-brin" value={location.brin6} readOnly aria-describedby="numo-brin-hint" data-testid="numo-brin" />
              <p id="numo-brin-hint" className="field-hint">
                Altijd de BRIN6 van deze locatie.
              </p>
            </div>
          </div>
          <div className="form-row">
            <TextField name="schoolnaam" label="School/onderwijsorganisatie" form={form} errors={errors} onChange={change} autoComplete="organization" />
          </div>
          <div className="form-row">
            <SelectField name="aanhef" label="Aanhef" errors={errors}>
              <select id="numo-aanhef" name="aanhef" value={form.aanhef} onChange={(e) => change('aanhef', e.target.value)}>
                {(Object.keys(AANHEF_LABEL) as Aanhef[]).map((a) => (
                  <option key={a} value={a}>
                    {AANHEF_LABEL[a]}
                  </option>
                ))}
              </select>
            </SelectField>
            <TextField name="voornaam" label="Voornaam" form={form} errors={errors} onChange={change} autoComplete="given-name" />
            <TextField name="achternaam" label="Achternaam" form={form} errors={errors} onChange={change} autoComplete="family-name" />
          </div>
          <div className="form-row">
            <TextField name="email" label="E-mail" type="email" form={form} errors={errors} onChange={change} autoComplete="email" />
            <SelectField name="maximumNiveau" label="Maximum niveau" errors={errors}>
              <select id="numo-maximumNiveau" name="maximumNiveau" value={form.maximumNiveau} onChange={(e) => change('maximumNiveau', e.target.value)}>
                {NUMO_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {NUMO_LEVEL_LABELS[l]}
                  </option>
                ))}
              </select>
            </SelectField>
          </div>
          <div className="form-row">
            <TextField
              name="korteSchoolnaam"
              label="Korte schoolnaam Numo"
              hint="De naam van de school in Numo; Kurve vindt de school eraan, en hij staat in de naam van het Kurve-bestand."
              form={form}
              errors={errors}
              onChange={change}
            />
          </div>
        </div>

        <Terugstuuroptie value={form.terugstuuroptie} onChange={(o) => change('terugstuuroptie', o)} error={errors.terugstuuroptie} />

        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="numo-save">
            {busy ? 'Bezig…' : 'Aanmelding opslaan'}
          </button>
          {dirty && (
            <span className="warning-text" data-testid="numo-dirty">
              Niet opgeslagen wijzigingen
            </span>
          )}
        </div>
      </form>

      <Matching view={view} onImport={() => go('import')} />

      <div className="card no-print" data-testid="kurve">
        <h3>Bestand voor Kurve (Somtoday én Cito)</h3>
        <p>
          Werkt jullie school met Somtoday én Cito? Dan gebruikt Cito niet het leerlingnummer of de eck-id uit Somtoday, en moet er een extra
          bestand met de Cito-leerlingkey naar Kurve. De console maakt dat bestand (EDEXML 2.1) uit het bevestigde bestand van deze locatie, met
          alleen wat de koppeling nodig heeft.
        </p>
        {!matching.hasConfirmedImport || !registration ? (
          <p className="hint" data-testid="kurve-not-ready">
            {!matching.hasConfirmedImport
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
            disabled={!matching.hasConfirmedImport || !registration}
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

      <Summary view={view} locationName={location.name} />
    </section>
  );
}

interface FieldProps {
  readonly name: Field;
  readonly label: string;
  readonly hint?: string;
  readonly type?: string;
  readonly autoComplete?: string;
  readonly inputMode?: 'numeric';
  readonly form: FormState;
  readonly errors: FieldErrors;
  readonly onChange: (key: Field, value: string) => void;
}

function TextField({ name, label, hint, type = 'text', autoComplete = 'off', inputMode, form, errors, onChange }: FieldProps) {
  const id = `numo-${name}`;
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={form[name]}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(name, e.target.value)}
        data-testid={id}
      />
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function SelectField({ name, label, errors, children }: { name: Field; label: string; errors: FieldErrors; children: ReactNode }) {
  const error = errors[name];
  return (
    <div className="field field-narrow">
      <label htmlFor={`numo-${name}`}>{label}</label>
      {children}
      {error && (
        <p className="field-error" data-testid={`numo-${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The option −2 … +2 with the seed's meaning, and a live preview for a chosen test level. */
function Terugstuuroptie({ value, onChange, error }: { value: Terugstuuroptie; onChange: (o: Terugstuuroptie) => void; error?: string }) {
  const [testLevel, setTestLevel] = useState<NumoLevel>('havo');
  const ladder = levelLadder(testLevel, value);
  const previewId = useId();
  // Highest level at the top, as a ladder is drawn.
  const rungs = [...ladder].reverse();
  return (
    <div className="card" data-testid="terugstuuroptie">
      <h3>Terugstuuroptie</h3>
      <p>
        Stel in Leerling in beeld bij ‘Terugstuuroptie’ de hoogste score in waarvan de resultaten naar Numo gaan. De resultaten van de niveaus
        daaronder gaan ook mee. De resultaten worden ’s nachts gesynchroniseerd; de volgende dag zijn ze in Numo te koppelen.
      </p>
      <div className="terug-grid">
        <fieldset className="option-group">
          <legend>Terugstuuroptie</legend>
          {[...TERUGSTUUROPTIES].reverse().map((o) => (
            <label key={o} className={`option-row ${value === o ? 'is-active' : ''}`}>
              <input type="radio" name="terugstuuroptie" value={o} checked={value === o} onChange={() => onChange(o)} data-testid={`option-${o}`} />
              <span className="option-value">{formatTerugstuuroptie(o)}</span>
              <span>{TERUGSTUUROPTIE_MEANING[o]}</span>
            </label>
          ))}
          {error && <p className="field-error">{error}</p>}
        </fieldset>
        <div className="preview" aria-labelledby={`${previewId}-title`}>
          <h4 id={`${previewId}-title`}>Voorbeeld</h4>
          <div className="inline-field">
            <label htmlFor="numo-test-level">Toetsniveau</label>
            <select id="numo-test-level" value={testLevel} onChange={(e) => setTestLevel(e.target.value as NumoLevel)} data-testid="test-level">
              {NUMO_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {NUMO_LEVEL_LABELS[l]}
                </option>
              ))}
            </select>
          </div>
          <p className="preview-text" aria-live="polite" data-testid="preview-text">
            {describeTerugstuuroptie(testLevel, value)}
          </p>
          <ol className="ladder" aria-label="Niveaus, hoogste bovenaan" data-testid="ladder">
            {rungs.map((rung) => (
              <li
                key={rung.level}
                className={`rung ${rung.forwarded ? 'rung-forwarded' : 'rung-not'} ${rung.isTestLevel ? 'rung-test' : ''}`}
                data-level={rung.level}
                data-forwarded={rung.forwarded}
              >
                <span className="rung-mark" aria-hidden="true">
                  {rung.forwarded ? '✓' : '–'}
                </span>
                <span className="rung-label">{rung.label}</span>
                <span className="rung-offset subtle">{rung.isTestLevel ? 'toetsniveau' : rung.offset > 0 ? `${rung.offset} boven` : `${-rung.offset} onder`}</span>
                <span className="rung-state">{rung.forwarded ? 'gaat naar Numo' : 'gaat niet naar Numo'}</span>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </div>
  );
}

/** How many pupils of the confirmed import Numo can match, and who cannot be coupled. */
function Matching({ view, onImport }: { view: NumoView; onImport: () => void }) {
  const m = view.matching;
  return (
    <div className="card no-print" data-testid="matching">
      <h3>Koppelen op leerlingnummer of eck-id</h3>
      <p>
        Numo koppelt een leerling aan de Cito-resultaten op het leerlingnummer (de gebruikersnaam in Numo) of op de eck-id. Leerlingen zonder
        allebei kunnen niet gekoppeld worden.
      </p>
      {!m.hasConfirmedImport ? (
        <EmptyState title="Nog geen bevestigd bestand" testId="matching-empty">
          <p>Importeer en bevestig eerst het EDEXML-bestand van deze locatie; dan zie je hier hoeveel leerlingen te koppelen zijn.</p>
          <button type="button" className="button button-primary" onClick={onImport}>
            Naar stap 2: importeren
          </button>
        </EmptyState>
      ) : (
        <>
          <dl className="figures" data-testid="matching-figures">
            <div>
              <dt>Leerlingen{m.schooljaar ? ` (${m.schooljaar})` : ''}</dt>
              <dd data-testid="matching-pupils">{formatNumber(m.pupils)}</dd>
            </div>
            <div>
              <dt>Met leerlingnummer</dt>
              <dd data-testid="matching-gebruikersnaam">{formatNumber(m.withGebruikersnaam)}</dd>
            </div>
            <div>
              <dt>Met eck-id</dt>
              <dd data-testid="matching-eckid">{formatNumber(m.withEckid)}</dd>
            </div>
            <div className={m.withNeither > 0 ? 'figure-bad' : 'figure-ok'}>
              <dt>Met geen van beide</dt>
              <dd data-testid="matching-neither">{formatNumber(m.withNeither)}</dd>
            </div>
          </dl>
          {m.withNeither === 0 ? (
            <p className="status-ok" data-testid="matching-all">
              Alle leerlingen zijn te koppelen.
            </p>
          ) : (
            <>
              <p className="warning-text" data-testid="matching-warning">
                {count(m.withNeither, 'leerling heeft', 'leerlingen hebben')} geen leerlingnummer en geen eck-id en {m.withNeither === 1 ? 'kan' : 'kunnen'}{' '}
                niet gekoppeld worden. Vul het leerlingnummer of de eck-id aan in het leerlingadministratiesysteem en importeer opnieuw.
              </p>
              {m.withNeither > m.unmatchable.length && (
                <p className="hint">
                  De eerste {formatNumber(m.unmatchable.length)} van {formatNumber(m.withNeither)} staan hieronder.
                </p>
              )}
              <VirtualList<UnmatchablePupil>
                items={m.unmatchable}
                label="Leerlingen die niet te koppelen zijn"
                rowHeight={40}
                maxHeight={320}
                getKey={(p) => p.key}
                testId="unmatchable-list"
                render={(p) => (
                  <>
                    <span className="cell-name">{p.name}</span>
                    <span className="cell-class">{p.groep ?? 'geen klas'}</span>
                    <span className="cell-key">{p.key}</span>
                  </>
                )}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** The filled-in registration as the request needs it; the one part of this screen that is printed. */
function Summary({ view, locationName }: { view: NumoView; locationName: string }) {
  const r = view.registration;
  return (
    <div className="card print-summary" data-testid="numo-summary">
      <div className="card-title-row">
        <h3>Samenvatting voor de aanvraag bij Cito</h3>
        {r && (
          <button type="button" className="button no-print" onClick={() => window.print()} data-testid="numo-print">
            Afdrukken
          </button>
        )}
      </div>
      {!r ? (
        <EmptyState title="Nog geen aanmelding opgeslagen" testId="numo-summary-empty">
          <p>Vul de aanmelding hierboven in en sla haar op; dan staat hier een samenvatting om af te drukken of als PDF te bewaren.</p>
        </EmptyState>
      ) : (
        <>
          <p className="subtle no-print">Afdrukken of als PDF bewaren (kies in het afdrukvenster ‘Opslaan als PDF’) voor het formulier op cito.nl/cito-numo.</p>
          <dl className="summary-list">
            <dt>Locatie</dt>
            <dd>{locationName}</dd>
            <dt>Klantnummer</dt>
            <dd>{r.klantnummer}</dd>
            <dt>BRIN nummer</dt>
            <dd>{r.brin6}</dd>
            <dt>School/onderwijsorganisatie</dt>
            <dd>{r.schoolnaam}</dd>
            <dt>Aanhef</dt>
            <dd>{AANHEF_LABEL[r.aanhef]}</dd>
            <dt>Voornaam</dt>
            <dd>{r.voornaam}</dd>
            <dt>Achternaam</dt>
            <dd>{r.achternaam}</dd>
            <dt>E-mail</dt>
            <dd>{r.email}</dd>
            <dt>Maximum niveau</dt>
            <dd>{NUMO_LEVEL_LABELS[r.maximumNiveau]}</dd>
            <dt>Korte schoolnaam Numo</dt>
            <dd>{r.korteSchoolnaam}</dd>
            <dt>Terugstuuroptie</dt>
            <dd>
              {formatTerugstuuroptie(r.terugstuuroptie as Terugstuuroptie)}: {TERUGSTUUROPTIE_MEANING[r.terugstuuroptie as Terugstuuroptie]}
            </dd>
          </dl>
        </>
      )}
    </div>
  );
}
