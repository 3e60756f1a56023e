import { useEffect, useMemo, useRef, useState } from 'react';
import type { UserView } from '../../../../shared/bridge';
import { GLOSSARY } from '../../../../shared/domain/glossary';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { count, formatDateTime } from '../../format';
import { USERS_EXPORT_HEADER, userExportRows } from '../../../../shared/domain/users-export';
import { downloadText } from '../../components/document-parts';
import { call, useLocation, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';
import { InvitationBadge, SyncBadge, displayName, rolesSummary, sortName } from './users-parts';
import { UserForm } from './UserForm';
import { CsvImport, Suggestions } from './UserSources';

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
  /** Made by main, which puts the export in the log (issue 34); the same rows as the printed list. */
  async function exportCsv() {
    const result = await call('users:export-csv', { brin6: location.brin6 });
    if (!result.ok) return setError(result.error);
    downloadText(`\ufeff${result.value.csv}`, result.value.fileName, 'text/csv;charset=utf-8');
  }
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
              onClick={() => void exportCsv()}
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
              // One row per user and role (shared/domain/users-export.ts): the row's place is its key.
              <tr key={i}>
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
                  <strong title={displayName(u)}>{displayName(u)}</strong>
                  <span className="subtle" title={u.email}>
                    {u.email}
                  </span>
                </span>
                {/* Cut with "…" in a narrow window: the whole text is in the title, and in the user's form (Wijzigen). */}
                <span className="cell-roles subtle" title={u.access ? rolesSummary(u, className) : undefined}>
                  {u.access ? rolesSummary(u, className) : 'Geen toegang tot applicatie'}
                </span>
                <span className="cell-badges">
                  <InvitationBadge user={u} />
                  <SyncBadge user={u} />
                </span>
                <span className="cell-actions">
                  <button type="button" className="button button-small" onClick={() => setEditing(u)} data-edit-user={u.id}>
                    {u.sync === 'conflict' ? 'Conflict oplossen' : 'Bewerken'}<span className="visually-hidden"> {displayName(u)}</span>
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
