/** Step 6, the other ways to add users: teachers from the confirmed EDEXML file, and a CSV file. */
import { useQuery } from '../../hooks/useQuery';
import { useMemo, useState } from 'react';
import type { BridgeError, CsvImportResult, UserSuggestion } from '../../../../shared/bridge';
import { vakdocentLabel } from '../../../../shared/domain/glossary';
import { useAction } from '../../hooks/useAction';
import { FileButton } from '../../components/FileButton';
import { VirtualList } from '../../components/VirtualList';
import { ErrorNotice, Notice, Spinner } from '../../components/ui';
import { count } from '../../format';
import { useSelection } from '../../components/selection';
import { call, getBridge, useLocation, useShell } from '../../store';
import { displayName } from './users-parts';

type SuggestedRole = 'leerlingbegeleider' | 'nederlands' | 'engels' | 'wiskunde';

/** Teachers from the confirmed EDEXML, offered as users with their classes pre-selected for the chosen role. */
export function Suggestions() {
  const brin6 = useLocation((s) => s.brin6)!;
  const mergeUsers = useLocation((s) => s.mergeUsers);
  const [suggestions, setSuggestions] = useState<UserSuggestion[] | null>(null);
  const { selected: chosen, toggle, choose } = useSelection();
  const [role, setRole] = useState<SuggestedRole>('leerlingbegeleider');
  const [ownError, setError] = useState<BridgeError | null>(null);
  const action = useAction();
  const users = useLocation((s) => s.users);
  const classes = useLocation((s) => s.classes);
  const classNames = useMemo(() => new Map((classes ?? []).map((c) => [c.key, c.naam])), [classes]);
  const className = (key: string) => classNames.get(key) ?? key;

  // Asked again when the number of users changes (an added teacher is no longer offered).
  const query = useQuery('users:list-suggestions', { brin6 }, { deps: [users?.length], onData: setSuggestions });
  const error = ownError ?? query.error;

  if (suggestions === null || suggestions.length === 0) return null;
  const open = suggestions.filter((s) => !s.alreadyUser);
  // Apart, with the reason: a teacher without an e-mail address cannot be invited, so cannot be ticked (point 9).
  const addable = open.filter((s) => s.email);
  const withoutEmail = open.filter((s) => !s.email);
  // Two teachers with the same name are told apart by their key and classes.
  const nameCount = new Map<string, number>();
  for (const s of open) nameCount.set(suggestionName(s), (nameCount.get(suggestionName(s)) ?? 0) + 1);
  const twin = (s: UserSuggestion) => (nameCount.get(suggestionName(s)) ?? 0) > 1;

  async function add() {
    const added = await action.run(
      () =>
        call('users:add-suggested', {
          brin6,
          leerkrachtKeys: [...chosen],
          role: role === 'leerlingbegeleider' ? { role } : { role: 'vakdocent', subject: role },
        }),
      { toast: (value) => `${count(value.length, 'leerkracht is', 'leerkrachten zijn')} toegevoegd.` },
    );
    if (!added) return;
    mergeUsers(added);
    choose([]);
  }

  return (
    <div className="card" data-testid="suggestions">
      <h3>Voorstellen uit het EDEXML-bestand</h3>
      <p className="hint">
        {count(open.length, 'leerkracht', 'leerkrachten')} uit het bevestigde bestand {open.length === 1 ? 'is' : 'zijn'} nog geen gebruiker. Kies
        wie je toevoegt en met welke rol; hun klassen uit het bestand worden bij die rol gekozen.
      </p>
      <ErrorNotice error={action.error ?? error} onDismiss={() => {
          action.setError(null);
          setError(null);
        }} />
      {addable.length > 0 && (
        <>
          <VirtualList<UserSuggestion>
            items={addable}
            label="Leerkrachten uit het bestand die je kunt toevoegen"
            maxHeight={260}
            rowHeight={48}
            getKey={(s) => s.leerkrachtKey}
            testId="suggestions-addable"
            render={(s) => (
              <label className="check-row">
                <input type="checkbox" checked={chosen.has(s.leerkrachtKey)} onChange={(e) => toggle(s.leerkrachtKey, e.target.checked)} />
                <span className="cell-user">
                  <strong>{suggestionName(s)}</strong>
                  <span className="subtle">{twin(s) ? `sleutel ${s.leerkrachtKey} · ${s.email}` : s.email}</span>
                </span>
                <span className="subtle">{classesText(s, className)}</span>
              </label>
            )}
          />
          <div className="actions">
            <label className="inline-field" htmlFor="suggest-role">
              <span>Rol</span>
              <select id="suggest-role" value={role} onChange={(e) => setRole(e.target.value as SuggestedRole)} data-testid="suggest-role">
                <option value="leerlingbegeleider">Leerlingbegeleider</option>
                <option value="nederlands">{vakdocentLabel('nederlands')}</option>
                <option value="engels">{vakdocentLabel('engels')}</option>
                <option value="wiskunde">{vakdocentLabel('wiskunde')}</option>
              </select>
            </label>
            <button type="button" className="button button-primary" disabled={chosen.size === 0 || action.busy} onClick={() => void add()} data-testid="add-suggested">
              {chosen.size === 0 ? 'Kies leerkrachten' : `${count(chosen.size, 'leerkracht', 'leerkrachten')} toevoegen`}
            </button>
          </div>
        </>
      )}
      {withoutEmail.length > 0 && (
        <details className="suggestions-apart" data-testid="suggestions-without-email">
          <summary>
            {count(withoutEmail.length, 'leerkracht', 'leerkrachten')} zonder e-mailadres in het bestand: niet toe te voegen
          </summary>
          <p className="hint">
            Zonder e-mailadres kan de console geen uitnodiging sturen. Vul het e-mailadres aan in de leerlingadministratie en importeer opnieuw, of
            voeg de collega met de hand toe (knop ‘Gebruiker toevoegen’).
          </p>
          <ul className="plain-list">
            {withoutEmail.map((s) => (
              <li key={s.leerkrachtKey}>
                {suggestionName(s)}
                <span className="subtle">
                  {' '}
                  · {twin(s) ? `sleutel ${s.leerkrachtKey} · ` : ''}
                  {classesText(s, className)}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function suggestionName(s: UserSuggestion): string {
  return displayName({ voornaam: s.voornaam || s.initialen, voorvoegsel: s.voorvoegsel, achternaam: s.achternaam });
}

function classesText(s: UserSuggestion, className: (key: string) => string): string {
  if (s.classes.length === 0) return 'geen klassen';
  const names = s.classes.map(className);
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} en nog ${names.length - 4}`;
}

/** Users from a CSV: checked first; every bad row with its line; import all (only when valid) or the valid rows. */
export function CsvImport() {
  const brin6 = useLocation((s) => s.brin6)!;
  const loadUsers = useLocation((s) => s.loadUsers);
  const showToast = useShell((s) => s.showToast);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const action = useAction();
  const busy = action.busy;

  async function run(chosen: File, mode: 'check' | 'all' | 'valid-only') {
    const b = getBridge();
    if (!b || action.busy) return;
    const answer = await action.run(async () => {
      const uploaded = await b.uploadFile(chosen, chosen.name);
      return uploaded.ok ? call('users:import-csv', { brin6, uploadId: uploaded.value.uploadId, mode }) : uploaded;
    });
    if (!answer) return;
    setResult(answer);
    if (answer.imported > 0) {
      await loadUsers();
      showToast(`${count(answer.imported, 'gebruiker', 'gebruikers')} ingelezen uit ${chosen.name}.`);
      setFile(null);
    }
  }

  return (
    <div className="card" data-testid="csv-import">
      <h3>Gebruikers uit een CSV-bestand</h3>
      <p className="hint">
        Eerste regel met de kolommen <span className="code">Voornaam; Initialen; Voorvoegsel; Achternaam; E-mailadres</span>, en eventueel{' '}
        <span className="code">Rol; Klassen; Toegang</span>. Het bestand wordt eerst gecontroleerd; er wordt pas iets ingelezen als jij dat kiest.
      </p>
      <ErrorNotice error={action.error} onDismiss={() => action.setError(null)} />
      <div className="actions">
        <FileButton
          label="CSV-bestand kiezen…"
          inputLabel="CSV-bestand kiezen"
          accept=".csv,text/csv"
          disabled={busy}
          testId="csv-input"
          onFile={(chosen) => {
            setFile(chosen);
            setResult(null);
            void run(chosen, 'check');
          }}
        />
        {busy && <Spinner label="Bezig…" />}
      </div>
      {file && result && result.imported === 0 && (
        <div data-testid="csv-result">
          {result.problems.length === 0 ? (
            <Notice level="success">
              {file.name}: alle {count(result.rows, 'regel is', 'regels zijn')} in orde.
            </Notice>
          ) : (
            <Notice level="error">
              {file.name}: {count(result.problems.length, 'probleem', 'problemen')} in {count(result.rows, 'regel', 'regels')}; {result.valid}{' '}
              {result.valid === 1 ? 'regel is' : 'regels zijn'} in orde. Er is nog niets ingelezen.
            </Notice>
          )}
          {result.problems.length > 0 && (
            <ul className="problems" aria-label="Problemen in het CSV-bestand">
              {result.problems.map((p, i) => (
                <li key={i}>
                  <span className="finding-where">regel {p.line}</span> {p.message}
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="button" className="button button-primary" disabled={busy || result.problems.length > 0} onClick={() => void run(file, 'all')}>
              Alles inlezen
            </button>
            {result.problems.length > 0 && result.valid > 0 && (
              <button type="button" className="button" disabled={busy} onClick={() => void run(file, 'valid-only')} data-testid="csv-valid-only">
                Alleen de {count(result.valid, 'goede regel', 'goede regels')} inlezen
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
