import { useEffect, useMemo, useRef, useState } from 'react';
import type { PickableClass, Role, UserView } from '../../../../shared/bridge';
import { GLOSSARY, vakdocentLabel } from '../../../../shared/domain/glossary';
import { useAction } from '../../hooks/useAction';
import { mergeRoles, roleLabel } from '../../../../shared/domain/access';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { count } from '../../format';
import { useSelection } from '../../components/selection';
import { call, useLocation, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';
import { SyncBadge, displayName, sortName } from './users-parts';

type RoleChoice = 'leerlingbegeleider' | 'nederlands' | 'engels' | 'wiskunde' | 'kwaliteitsmedewerker';

const CHOICES: Array<[RoleChoice, string, string]> = [
  ['leerlingbegeleider', 'Leerlingbegeleider', 'Mentoren, intern begeleiders, zorgcoördinatoren of remedial teachers: alle rapportages van de gekozen klassen.'],
  ['nederlands', vakdocentLabel('nederlands'), 'Alleen de rapportage Nederlands, van de gekozen klassen.'],
  ['engels', vakdocentLabel('engels'), 'Alleen de rapportage Engels, van de gekozen klassen.'],
  ['wiskunde', vakdocentLabel('wiskunde'), 'Alleen de rapportage wiskunde, van de gekozen klassen.'],
  ['kwaliteitsmedewerker', 'Kwaliteitsmedewerker', 'Kwaliteitsmedewerkers of data-analisten: alle rapportages van de hele locatie, inclusief het klassenoverzicht.'],
];

/** Whether `roles` already hold the role of this choice (each role at most once; vakdocent once per subject). */
function holds(roles: readonly Role[], choice: RoleChoice): boolean {
  return roles.some((r) => (choice === 'kwaliteitsmedewerker' || choice === 'leerlingbegeleider' ? r.role === choice : r.role === 'vakdocent' && r.subject === choice));
}

/** The first role the user does not hold yet (what "Rol toevoegen" offers). */
function firstFree(roles: readonly Role[]): RoleChoice {
  return CHOICES.find(([value]) => !holds(roles, value))?.[0] ?? 'leerlingbegeleider';
}

function newRole(choice: RoleChoice): Role {
  if (choice === 'kwaliteitsmedewerker') return { role: 'kwaliteitsmedewerker' };
  if (choice === 'leerlingbegeleider') return { role: 'leerlingbegeleider', classes: [] };
  return { role: 'vakdocent', subject: choice, classes: [] };
}

/** Step 7: per user (or for a selection at once) access, roles and per role the classes. */
export function RolesStep() {
  const users = useLocation((s) => s.users);
  const classes = useLocation((s) => s.classes);
  const error = useLocation((s) => s.error);
  const loadUsers = useLocation((s) => s.loadUsers);
  const loadClasses = useLocation((s) => s.loadClasses);
  const setError = useLocation((s) => s.setError);
  const go = useShell((s) => s.go);
  const syncTick = useShell((s) => s.syncTick);
  const selection = useSelection();
  const { selected } = selection;
  // Another user (or none) in the editor: unsaved roles there are asked about first (issue 31, point 3).
  const leave = useShell((s) => s.leave);
  const toggle = (id: string, on: boolean) => leave(() => selection.toggle(id, on));
  const choose = (ids: readonly string[]) => leave(() => selection.choose(ids));

  // Badges follow main's sync events live (issue 15, point 3): a pushed change stops saying "Wacht op verzending".
  useEffect(() => {
    void loadUsers();
  }, [loadUsers, syncTick]);
  useEffect(() => {
    void loadClasses();
  }, [loadClasses]);

  const sorted = useMemo(() => [...(users ?? [])].sort((a, b) => sortName(a).localeCompare(sortName(b), 'nl')), [users]);
  const chosen = sorted.filter((u) => selected.has(u.id));

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={7}>Rollen en klassen</ScreenTitle>
      <p className="lead">
        Kies per gebruiker, ook voor jezelf, de rollen en per rol de klassen. Vink <strong>Toegang tot applicatie</strong> aan: zonder toegang
        geeft geen enkele rol iets. Kies meerdere gebruikers om ze in één keer dezelfde rol te geven.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {users === null || classes === null ? (
        <Spinner label="Gebruikers en klassen laden…" />
      ) : users.length === 0 ? (
        <EmptyState title="Nog geen gebruikers" testId="roles-empty">
          <p>Voeg eerst gebruikers toe in stap 6.</p>
          <button type="button" className="button button-primary" onClick={() => go('add-users')}>
            Naar stap 6
          </button>
        </EmptyState>
      ) : (
        <>
          {classes.every((c) => c.former) && (
            <Notice level="warning">Er is nog geen bevestigd EDEXML-bestand, dus er zijn nog geen klassen om te kiezen. Alleen kwaliteitsmedewerker kan al.</Notice>
          )}
          <div className="split">
            <div className="card">
              <div className="list-tools">
                <h3 className="section-heading">Gebruikers</h3>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={selected.size === users.length && users.length > 0}
                    onChange={(e) => choose(e.target.checked ? users.map((u) => u.id) : [])}
                  />
                  Alles selecteren
                </label>
              </div>
              <VirtualList<UserView>
                items={sorted}
                label="Gebruikers om rollen te geven"
                rowHeight={52}
                getKey={(u) => u.id}
                testId="roles-users"
                rowClassName={(u) => (selected.has(u.id) ? 'is-selected' : '')}
                render={(u) => (
                  <label className="check-row">
                    <input
                      type="checkbox"
                      checked={selected.has(u.id)}
                      onChange={(e) => toggle(u.id, e.target.checked)}
                    />
                    <span className="cell-user">
                      <strong>{displayName(u)}</strong>
                      <span className="subtle" title={u.access ? u.roles.map(roleLabel).join(', ') || undefined : undefined}>
                        {u.access ? u.roles.map(roleLabel).join(', ') || 'geen rol' : 'geen toegang'}
                      </span>
                    </span>
                    <SyncBadge user={u} />
                  </label>
                )}
              />
            </div>
            <div className="card">
              {chosen.length === 0 ? (
                <EmptyState title="Kies een gebruiker">
                  <p>Vink links een of meer gebruikers aan.</p>
                </EmptyState>
              ) : (
                <RoleEditor key={chosen.map((u) => u.id).join(',')} users={chosen} classes={classes} onSaved={() => void loadUsers()} />
              )}
            </div>
          </div>
          <div className="actions">
            <button type="button" className="button" onClick={() => go('who-sees-what')}>
              Controleer wie wat ziet
            </button>
            <button type="button" className="button button-primary" onClick={() => go('invite')}>
              Naar stap 8: uitnodigen
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** Roles as compared for "niet opgeslagen": normalised, so the order of choosing does not count. */
function sameRoles(access: boolean, roles: readonly Role[], user: { access: boolean; roles: readonly Role[] } | null): boolean {
  const initial = user ?? { access: true, roles: [] };
  return access === initial.access && JSON.stringify(mergeRoles([], roles)) === JSON.stringify(mergeRoles([], initial.roles));
}

function RoleEditor({ users, classes, onSaved }: { users: UserView[]; classes: readonly PickableClass[]; onSaved: () => void }) {
  const brin6 = useLocation((s) => s.brin6)!;
  const location = useCurrentLocation()!;
  const mergeUsers = useLocation((s) => s.mergeUsers);
  const single = users.length === 1 ? users[0]! : null;
  const [access, setAccess] = useState(single ? single.access : true);
  const [roles, setRoles] = useState<Role[]>(single ? single.roles.map((r) => ({ ...r })) : []);
  const [mode, setMode] = useState<'add' | 'replace'>('add');
  const [adding, setAdding] = useState<RoleChoice>(() => firstFree(single ? single.roles : []));
  const action = useAction();
  const saveButton = useRef<HTMLButtonElement>(null);
  const className = (key: string) => classes.find((c) => c.key === key)?.naam ?? key;
  // Only the confirmed file's classes can be chosen; a dropped class a role still names is shown by name, marked.
  const pickable = useMemo(() => classes.filter((c) => !c.former), [classes]);
  const former = useMemo(() => new Set(classes.filter((c) => c.former).map((c) => c.key)), [classes]);
  // After "Toevoegen" the new role's first control takes focus (not the page below the class list).
  const roleList = useRef<HTMLUListElement>(null);
  const focusRole = useRef<number | null>(null);
  useEffect(() => {
    if (focusRole.current === null) return;
    const item = roleList.current?.querySelectorAll<HTMLElement>('[data-testid="role-item"]')[focusRole.current];
    focusRole.current = null;
    (item?.querySelector<HTMLElement>('input[type="search"]') ?? item?.querySelector<HTMLElement>('.role-title'))?.focus();
  });
  const [savedAs, setSavedAs] = useState<{ access: boolean; roles: readonly Role[] } | null>(single);
  const dirty = !sameRoles(access, roles, savedAs);
  const setUnsaved = useShell((s) => s.setUnsaved);
  const saveRef = useRef<() => Promise<boolean>>(async () => false);
  const what = single ? `de rollen en klassen van ${displayName(single)}` : `de rollen en klassen van ${count(users.length, 'gebruiker', 'gebruikers')}`;
  useEffect(() => {
    setUnsaved(dirty ? { what, save: () => saveRef.current() } : null);
  }, [dirty, what, setUnsaved]);
  useEffect(() => () => setUnsaved(null), [setUnsaved]);

  async function save(): Promise<boolean> {
    if (action.busy) return false;
    const empty = roles.filter((r) => r.role !== 'kwaliteitsmedewerker' && r.classes.length === 0).map(roleLabel);
    const saved = await action.run(() => call('users:set-roles', { brin6, ids: users.map((u) => u.id), access, roles: mergeRoles([], roles), mode: single ? 'replace' : mode }), {
      toast: `${single ? `Rollen van ${displayName(single)} opgeslagen.` : `Rollen van ${count(users.length, 'gebruiker', 'gebruikers')} opgeslagen.`}${
        empty.length > 0 ? ` Let op: ${empty.join(', ')} ${empty.length === 1 ? 'heeft' : 'hebben'} nog geen klassen en ${empty.length === 1 ? 'geeft' : 'geven'} zo niets.` : ''
      }`,
      // Saved is known before the toast says so: leaving right then asks nothing (the effect below follows later).
      settle: (value) => {
        setSavedAs({ access, roles });
        setUnsaved(null);
        mergeUsers(value);
      },
    });
    // Focus stays on "Opslaan" (it is never disabled while saving, so the browser does not drop it to the page).
    saveButton.current?.focus();
    if (!saved) return false;
    onSaved();
    return true;
  }
  useEffect(() => {
    saveRef.current = save;
  });

  const hasRole = (choice: RoleChoice) => holds(roles, choice);

  return (
    <div data-testid="role-editor">
      <h3>
        {single ? displayName(single) : `${count(users.length, 'gebruiker', 'gebruikers')} tegelijk`}{' '}
        <span className="subtle">
          {location.name} · {GLOSSARY.brin6Code} {location.brin6}
        </span>{' '}
        {dirty && <span className="badge badge-sync-pending">niet opgeslagen</span>}
      </h3>
      <ErrorNotice error={action.error} />
      {!single && (
        <fieldset className="segmented" data-testid="bulk-mode">
          <legend className="visually-hidden">Hoe</legend>
          <label className={mode === 'add' ? 'is-active' : ''}>
            <input type="radio" name="bulk-mode" checked={mode === 'add'} onChange={() => setMode('add')} />
            Rollen toevoegen
          </label>
          <label className={mode === 'replace' ? 'is-active' : ''}>
            <input type="radio" name="bulk-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            Rollen vervangen
          </label>
        </fieldset>
      )}
      <label className="checkbox access-toggle">
        <input type="checkbox" checked={access} onChange={(e) => setAccess(e.target.checked)} data-testid="access" />
        Toegang tot applicatie
      </label>
      {!access && roles.length > 0 && <p className="warning-text">Zonder toegang tot applicatie geven deze rollen niets.</p>}

      <h4 className="subheading">Rollen</h4>
      {roles.length === 0 && <p className="hint">Nog geen rol gekozen.</p>}
      <ul className="role-list" ref={roleList}>
        {roles.map((role, i) => (
          <li key={i} className="role-item" data-testid="role-item">
            <div className="role-head">
              <strong className="role-title" tabIndex={-1}>
                {roleLabel(role)}
              </strong>
              <button type="button" className="button button-small button-quiet" onClick={() => setRoles(roles.filter((_, j) => j !== i))}>
                Rol verwijderen<span className="visually-hidden"> {roleLabel(role)}</span>
              </button>
            </div>
            {role.role === 'kwaliteitsmedewerker' ? (
              <p className="hint">Alle klassen van de locatie, inclusief het klassenoverzicht.</p>
            ) : (
              <ClassPicker
                label={`Klassen voor ${roleLabel(role)}`}
                classes={pickable}
                value={role.classes}
                onChange={(keys) => setRoles(roles.map((r, j) => (j === i && r.role !== 'kwaliteitsmedewerker' ? { ...r, classes: keys } : r)))}
              />
            )}
            {role.role !== 'kwaliteitsmedewerker' && role.classes.length > 0 && (
              <p className="subtle chosen-classes" data-testid="chosen-classes">
                Gekozen: {role.classes.map((k) => (former.has(k) ? `${className(k)} (niet meer in het bestand)` : className(k))).join(', ')}
              </p>
            )}
            {role.role !== 'kwaliteitsmedewerker' && role.classes.length === 0 && (
              <p className="warning-text" data-testid="role-no-classes">
                Nog geen klassen gekozen: met deze rol ziet {single ? displayName(single) : 'de gebruiker'} niets. Kies de klassen hierboven.
              </p>
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        <label className="inline-field">
          <span>Rol toevoegen</span>
          <select value={adding} onChange={(e) => setAdding(e.target.value as RoleChoice)} data-testid="role-choice">
            {CHOICES.map(([value, label]) => (
              <option key={value} value={value} disabled={hasRole(value)}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" disabled={hasRole(adding)} onClick={() => {
            // The first role of someone without access: tick "Toegang tot applicatie" too (visible, and it can be unticked).
            if (roles.length === 0 && !access) setAccess(true);
            const next = [...roles, newRole(adding)];
            setRoles(next);
            setAdding(firstFree(next));
            focusRole.current = next.length - 1;
          }}
          data-testid="add-role"
        >
          Toevoegen
        </button>
      </div>
      <p className="hint">{CHOICES.find(([v]) => v === adding)?.[2]}</p>
      <div className="actions">
        <button ref={saveButton} type="button" className="button button-primary" onClick={() => void save()} aria-disabled={action.busy || undefined} data-testid="save-roles">
          {action.busy ? 'Bezig…' : 'Opslaan'}
        </button>
        {dirty && (
          <span className="warning-text" data-testid="roles-dirty">
            Niet opgeslagen wijzigingen
          </span>
        )}
      </div>
    </div>
  );
}

/** Pick classes: search, a whole jaargroep at once, all or none; a virtualised list of checkboxes. */
function ClassPicker({ label, classes, value, onChange }: { label: string; classes: readonly PickableClass[]; value: readonly string[]; onChange: (keys: string[]) => void }) {
  const [query, setQuery] = useState('');
  const chosen = new Set(value);
  const jaargroepen = [...new Set(classes.map((c) => c.jaargroep).filter((j): j is string => j !== null))].sort();
  const q = query.trim().toLocaleLowerCase('nl');
  const shown = classes.filter((c) => q === '' || c.naam.toLocaleLowerCase('nl').includes(q) || c.key.toLocaleLowerCase('nl').includes(q));
  const set = (keys: Iterable<string>) => onChange([...new Set(keys)].sort());
  return (
    <div className="class-picker">
      <div className="inline-fields">
        <label className="inline-field">
          {/* The visible words start the accessible name (WCAG 2.5.3); the role is added for screen readers. */}
          <span>
            Zoek klas<span className="visually-hidden"> ({label})</span>
          </span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <div className="chip-buttons" role="group" aria-label={`${label}: snel kiezen`}>
          <button type="button" className="button button-small" onClick={() => set([...chosen, ...shown.map((c) => c.key)])}>
            {q ? 'Gevonden klassen' : 'Alle klassen'}
          </button>
          {jaargroepen.map((j) => (
            <button key={j} type="button" className="button button-small" onClick={() => set([...chosen, ...classes.filter((c) => c.jaargroep === j).map((c) => c.key)])}>
              Jaargroep {j}
            </button>
          ))}
          <button type="button" className="button button-small button-quiet" onClick={() => set([])}>
            Geen
          </button>
        </div>
      </div>
      <VirtualList<PickableClass>
        items={shown}
        label={label}
        rowHeight={36}
        maxHeight={220}
        getKey={(c) => c.key}
        render={(c) => (
          <label className="check-row">
            <input
              type="checkbox"
              checked={chosen.has(c.key)}
              onChange={(e) => set(e.target.checked ? [...chosen, c.key] : [...chosen].filter((k) => k !== c.key))}
            />
            <span className="cell-name">{c.naam}</span>
            <span className="subtle">{c.samengesteld ? 'clustergroep' : c.jaargroep ? `jaargroep ${c.jaargroep}` : ''}</span>
          </label>
        )}
      />
      <p className="subtle">{count(chosen.size, 'klas', 'klassen')} gekozen</p>
    </div>
  );
}
