import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { BridgeError, CsvImportResult, UserFields, UserSuggestion, UserView } from '../../../shared/bridge';
import { GLOSSARY, vakdocentLabel } from '../../../shared/domain/glossary';
import { TextField } from '../components/form';
import { focusFirstIssue, useAction } from '../hooks/useAction';
import { fieldIssues, fieldRefusal, userFieldsSchema } from '../../../shared/bridge';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FileButton } from '../components/FileButton';
import { VirtualList } from '../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../components/ui';
import { count, formatDateTime } from '../format';
import { USERS_EXPORT_HEADER, userExportRows, usersCsv, usersCsvFileName } from '../../../shared/domain/users-export';
import { localIsoDate } from '../../../shared/domain/ip';
import { downloadText } from './document-parts';
import { useSelection } from '../components/selection';
import { call, getBridge, useLocation, useShell } from '../store';
import { useCurrentLocation } from '../connection';
import { InvitationBadge, SyncBadge, displayName, rolesSummary, sortName } from './users-parts';

type Sort = 'name' | 'email' | 'invitation';

/** Step 6: the users of this location — add (by hand, from the EDEXML's teachers, or from a CSV), edit, delete. */
export function UsersStep() {
  const location = useCurrentLocation()!;
  const users = useLocation((s) => s.users);
  const classes = useLocation((s) => s.classes);
  const error = useLocation((s) => s.error);
  const loadUsers = useLocation((s) => s.loadUsers);
  const loadClasses = useLocation((s) => s.loadClasses);
  const setError = useLocation((s) => s.setError);
  const syncTick = useShell((s) => s.syncTick);
  const go = useShell((s) => s.go);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>('name');
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [removing, setRemoving] = useState<UserView | null>(null);
  const showToast = useShell((s) => s.showToast);
  const addButton = useRef<HTMLButtonElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  /** After a save or cancel, focus goes back where the coordinator came from: the row's "Bewerken", or "Gebruiker toevoegen". */
  function returnFocus(id: string | null) {
    requestAnimationFrame(() => {
      const row = id ? document.querySelector<HTMLButtonElement>(`[data-edit-user="${CSS.escape(id)}"]`) : null;
      (row ?? addButton.current)?.focus();
    });
  }

  useEffect(() => {
    void loadUsers();
  }, [loadUsers, syncTick]);
  useEffect(() => {
    void loadClasses();
  }, [loadClasses]);

  const className = useMemo(() => {
    const names = new Map((classes ?? []).map((c) => [c.key, c.naam]));
    return (key: string) => names.get(key) ?? key;
  }, [classes]);

  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase('nl');
    const list = (users ?? []).filter((u) => q === '' || `${displayName(u)} ${u.email}`.toLocaleLowerCase('nl').includes(q));
    const key = (u: UserView) => (sort === 'email' ? u.email : sort === 'invitation' ? `${u.invitation} ${sortName(u)}` : sortName(u));
    return [...list].sort((a, b) => key(a).localeCompare(key(b), 'nl'));
  }, [users, query, sort]);

  async function remove(user: UserView) {
    setRemoving(null);
    const result = await call('users:remove', { brin6: location.brin6, ids: [user.id] });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    await loadUsers();
    showToast(`${displayName(user)} is verwijderd.`);
    // The row (and its button) is gone: focus the list's heading, which now counts one fewer.
    requestAnimationFrame(() => listHeading.current?.focus());
  }

  const sortedAll = useMemo(() => [...(users ?? [])].sort((a, b) => sortName(a).localeCompare(sortName(b), 'nl')), [users]);
  const hasKwaliteit = (users ?? []).some((u) => u.access && u.roles.some((r) => r.role === 'kwaliteitsmedewerker'));

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={6}>Gebruikers toevoegen</ScreenTitle>
      <p className="lead">
        Voeg de collega’s toe die bij de rapportages moeten kunnen: mentoren, vakdocenten en kwaliteitsmedewerkers. Bestaande gebruikers
        staan hieronder; wil je hen alleen toegang geven, ga dan door naar stap 7.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {users && !hasKwaliteit && (
        <Notice level="warning" testId="self-reminder">
          Voeg ook <strong>jezelf</strong> toe en geef jezelf in stap 7 de rol <strong>kwaliteitsmedewerker</strong>. Stuur jezelf in stap 8 ook een
          uitnodiging; dan kun je je eigen toegang tot de rapportage regelen.
        </Notice>
      )}

      <div className="actions">
        <button ref={addButton} type="button" className="button button-primary" onClick={() => setEditing('new')} data-testid="add-user">
          Gebruiker toevoegen
        </button>
        <button type="button" className="button" onClick={() => go('assign-roles')}>
          Naar stap 7: rollen en klassen
        </button>
        {users && users.length > 0 && (
          <>
            <button
              type="button"
              className="button button-quiet"
              data-testid="users-export-csv"
              onClick={() => downloadText(`\ufeff${usersCsv(sortedAll, className)}`, usersCsvFileName(location.brin6, localIsoDate(new Date())), 'text/csv;charset=utf-8')}
            >
              Lijst als CSV
            </button>
            <button type="button" className="button button-quiet" onClick={() => window.print()} data-testid="users-print">
              Afdrukken
            </button>
          </>
        )}
      </div>
      {users && users.length > 0 && (
        <table className="print-only users-print" data-testid="users-print-table">
          <caption>
            Gebruikers van {location.name} ({GLOSSARY.brin6Code} {location.brin6}), {formatDateTime(new Date().toISOString())}
          </caption>
          <thead>
            <tr>
              {USERS_EXPORT_HEADER.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {userExportRows(sortedAll, className).map((row, i) => (
              <tr key={sortedAll[i]!.id}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {editing && (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          locationName={location.name}
          brin6={location.brin6}
          onDone={(saved) => {
            const was = editing === 'new' ? null : editing.id;
            setEditing(null);
            if (saved) showToast(`${displayName(saved)} is opgeslagen.`);
            returnFocus(was ?? null);
          }}
        />
      )}

      <div className="card">
        <div className="list-tools">
          <h3 ref={listHeading} tabIndex={-1} className="section-heading" data-testid="user-count">
            {users ? (shown.length === users.length ? count(users.length, 'gebruiker', 'gebruikers') : `${shown.length} van ${count(users.length, 'gebruiker', 'gebruikers')}`) : 'Gebruikers'}
          </h3>
          <div className="inline-fields">
            <label className="inline-field">
              <span>Zoeken</span>
              <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="user-search" />
            </label>
            <label className="inline-field">
              <span>Sorteren op</span>
              <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
                <option value="name">Achternaam</option>
                <option value="email">E-mailadres</option>
                <option value="invitation">Uitnodiging</option>
              </select>
            </label>
          </div>
        </div>
        {users === null ? (
          <Spinner label="Gebruikers laden…" />
        ) : users.length === 0 ? (
          <EmptyState title="Nog geen gebruikers in deze locatie" testId="users-empty">
            <p>Voeg ze toe met de knop hierboven, kies leerkrachten uit het EDEXML-bestand, of lees een CSV-bestand in.</p>
          </EmptyState>
        ) : shown.length === 0 ? (
          <p className="hint">Niemand gevonden met “{query}”.</p>
        ) : (
          <VirtualList<UserView>
            items={shown}
            label="Gebruikers"
            rowHeight={64}
            getKey={(u) => u.id}
            testId="user-list"
            render={(u) => (
              <>
                <span className="cell-user">
                  <strong>{displayName(u)}</strong>
                  <span className="subtle">{u.email}</span>
                </span>
                <span className="cell-roles subtle">{u.access ? rolesSummary(u, className) : 'Geen toegang tot applicatie'}</span>
                <span className="cell-badges">
                  <InvitationBadge user={u} />
                  <SyncBadge user={u} />
                </span>
                <span className="cell-actions">
                  <button type="button" className="button button-small" onClick={() => setEditing(u)} data-edit-user={u.id}>
                    Bewerken<span className="visually-hidden"> {displayName(u)}</span>
                  </button>
                  <button type="button" className="button button-small button-quiet" onClick={() => setRemoving(u)}>
                    Verwijderen…<span className="visually-hidden"> {displayName(u)}</span>
                  </button>
                </span>
              </>
            )}
          />
        )}
      </div>

      <Suggestions />
      <CsvImport />

      <ConfirmDialog
        open={removing !== null}
        title="Gebruiker verwijderen"
        confirmLabel="Verwijder gebruiker"
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && void remove(removing)}
      >
        {removing && (
          <p>
            <strong>{displayName(removing)}</strong> ({removing.email}) verliest de toegang tot de rapportages van {location.name}. Doe dit
            wanneer een medewerker niet meer bij de school werkt.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

const EMPTY: UserFields = { voornaam: '', initialen: '', voorvoegsel: '', achternaam: '', email: '' };

/**
 * "Nieuwe gebruiker" as the seed shows it: the five fields, linked to this location (Brin6-code). A refusal marks
 * each field it names (its `issues`, path ["user", field]) and focus goes to the first; nothing parses message text.
 */
function UserForm({ user, locationName, brin6, onDone }: { user: UserView | null; locationName: string; brin6: string; onDone: (saved: UserView | null) => void }) {
  const [fields, setFields] = useState<UserFields>(user ? { voornaam: user.voornaam, initialen: user.initialen, voorvoegsel: user.voorvoegsel, achternaam: user.achternaam, email: user.email } : EMPTY);
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const mergeUsers = useLocation((s) => s.mergeUsers);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (action.busy) return;
    // The same schema main checks with, answered here first: the same refusal (issues at ["user", field]) without a round trip.
    const checked = userFieldsSchema.safeParse(fields);
    if (!checked.success) {
      const refusal = fieldRefusal(fieldIssues(checked.error).map((issue) => ({ ...issue, path: ['user', ...issue.path] })));
      action.setError(refusal);
      if (form.current) focusFirstIssue(form.current, refusal.issues);
      return;
    }
    const saved = await action.run<UserView>(() => (user ? call('users:update', { brin6, id: user.id, user: fields }) : call('users:add', { brin6, user: fields })), { form });
    if (!saved) return;
    mergeUsers([saved]);
    onDone(saved);
  }

  const field = (name: keyof UserFields, label: string, props: { type?: string; autoComplete?: string; required?: boolean } = {}) => (
    <TextField
      id={`user-${name}`}
      path={`user.${name}`}
      label={label}
      required={props.required}
      type={props.type}
      autoComplete={props.autoComplete}
      value={fields[name]}
      onChange={(value) => setFields({ ...fields, [name]: value })}
      error={action.fieldError('user', name)}
      inputRef={name === 'voornaam' ? first : undefined}
      testId={`user-${name}`}
    />
  );

  return (
    <form ref={form} className="card" onSubmit={(e) => void submit(e)} aria-labelledby="user-form-title" noValidate data-testid="user-form">
      <h3 id="user-form-title">{user ? `${displayName(user)} bewerken` : 'Nieuwe gebruiker'}</h3>
      <ErrorNotice error={action.error} />
      <div className="form-row">
        {field('voornaam', 'Voornaam', { required: true })}
        {field('initialen', 'Initialen')}
        {field('voorvoegsel', 'Voorvoegsel')}
        {field('achternaam', 'Achternaam', { required: true })}
      </div>
      <div className="form-row">{field('email', 'E-mailadres', { type: 'email', required: true })}</div>
      <p className="subtle">
        Koppelen aan {locationName} · {GLOSSARY.brin6Code} <span className="code">{brin6}</span>
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={() => onDone(null)}>
          Annuleren
        </button>
        <button type="submit" className="button button-primary" aria-disabled={action.busy || undefined}>
          {action.busy ? 'Bezig…' : 'Opslaan'}
        </button>
      </div>
    </form>
  );
}

type SuggestedRole = 'leerlingbegeleider' | 'nederlands' | 'engels' | 'wiskunde';

/** Teachers from the confirmed EDEXML, offered as users with their classes pre-selected for the chosen role. */
function Suggestions() {
  const brin6 = useLocation((s) => s.brin6)!;
  const mergeUsers = useLocation((s) => s.mergeUsers);
  const [suggestions, setSuggestions] = useState<UserSuggestion[] | null>(null);
  const { selected: chosen, toggle, choose } = useSelection();
  const [role, setRole] = useState<SuggestedRole>('leerlingbegeleider');
  const [error, setError] = useState<BridgeError | null>(null);
  const action = useAction();
  const users = useLocation((s) => s.users);
  const classes = useLocation((s) => s.classes);
  const classNames = useMemo(() => new Map((classes ?? []).map((c) => [c.key, c.naam])), [classes]);
  const className = (key: string) => classNames.get(key) ?? key;

  useEffect(() => {
    let live = true;
    void call('users:list-suggestions', { brin6 }).then((r) => {
      if (!live) return;
      if (r.ok) setSuggestions(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [brin6, users?.length]);

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
function CsvImport() {
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
