import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { REPORT_LABEL, accessWarnings, groupWarnings, whoSeesWhat } from '../../../../shared/domain/access';
import type { WarningGroup } from '../../../../shared/domain/access';
import type { Report } from '../../../../shared/domain/access';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { count } from '../../format';
import { useLocation, useShell } from '../../store';
import { displayName } from './users-parts';
import { ReadinessList } from '../../components/Readiness';
import { useCurrentLocation } from '../../connection';
import type { StepId } from '../../../../shared/domain/steps';

/** The steps whose open points this screen and step 8 list (the readiness rule's, shared/domain/readiness.ts). */
export const USER_STEPS: readonly StepId[] = ['add-users', 'assign-roles', 'invite'];

function Reports({ reports }: { reports: readonly Report[] }) {
  return (
    <span className="report-chips">
      {reports.map((r) => (
        <span key={r} className={`report-chip report-${r}`}>
          {REPORT_LABEL[r]}
        </span>
      ))}
    </span>
  );
}

/**
 * "Wie ziet wat": computed with the same rule set as everything else (shared/domain/access.ts), per class and per
 * user, with the warnings to settle before anyone is invited — the AVG promise, checkable.
 */
export function WhoSeesWhat() {
  const users = useLocation((s) => s.users);
  const allClasses = useLocation((s) => s.classes);
  // Who sees what is computed over the confirmed file's classes; dropped ones a role names are only for their names.
  const classes = useMemo(() => allClasses?.filter((c) => !c.former) ?? null, [allClasses]);
  const error = useLocation((s) => s.error);
  const loadUsers = useLocation((s) => s.loadUsers);
  const loadClasses = useLocation((s) => s.loadClasses);
  const setError = useLocation((s) => s.setError);
  const go = useShell((s) => s.go);
  const syncTick = useShell((s) => s.syncTick);
  const location = useCurrentLocation()!;
  const [tab, setTab] = useState<'class' | 'user'>('class');
  const [query, setQuery] = useState('');

  useEffect(() => {
    void loadUsers();
  }, [loadUsers, syncTick]);
  useEffect(() => {
    void loadClasses();
  }, [loadClasses]);

  const result = useMemo(() => (users && classes ? whoSeesWhat(users, classes) : null), [users, classes]);
  const warnings = useMemo(() => {
    if (!users || !classes) return [];
    const names = new Map(users.map((u) => [u.id, displayName(u)]));
    const classNames = new Map(classes.map((c) => [c.key, c.naam]));
    // Cluster groups are subject groups: only regular classes need a leerlingbegeleider.
    const clusters = new Set(classes.filter((c) => c.samengesteld).map((c) => c.key));
    // What keeps the location from being set up is the readiness rule's (above); here only the advice it leaves out.
    const warnings = accessWarnings(users, classes).filter((w) => w.kind === 'class-without-begeleider' && !clusters.has(w.classKey));
    return groupWarnings(warnings, { user: (id) => names.get(id) ?? id, klass: (key) => classNames.get(key) ?? key });
  }, [users, classes]);

  const userNames = useMemo(() => new Map((users ?? []).map((u) => [u.id, displayName(u)])), [users]);
  const classNames = useMemo(() => new Map((allClasses ?? []).map((c) => [c.key, c.naam])), [allClasses]);
  const userName = (id: string) => userNames.get(id) ?? id;
  const className = (key: string) => classNames.get(key) ?? key;

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle>Wie ziet wat</ScreenTitle>
      <p className="lead">
        Controleer vóór het uitnodigen of iedereen precies de rapportages ziet die bij zijn rol horen — en niet meer. Berekend met dezelfde regels
        als de rollen in stap 7.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {!result || !users || !classes ? (
        <Spinner label="Berekenen…" />
      ) : users.length === 0 ? (
        <EmptyState title="Nog geen gebruikers" testId="wsw-empty">
          <p>Voeg gebruikers toe in stap 6 en geef ze rollen in stap 7.</p>
          <button type="button" className="button button-primary" onClick={() => go('add-users')}>
            Naar stap 6
          </button>
        </EmptyState>
      ) : (
        <>
          <ReadinessList location={location} only={USER_STEPS} testId="wsw-readiness" />
          {warnings.length === 0 ? (
            <Notice level="success" testId="wsw-warnings">
              Elke klas heeft een leerlingbegeleider met toegang.
            </Notice>
          ) : (
            <div className="notice notice-warning" data-testid="wsw-warnings">
              <p>
                <strong>{count(warnings.length, 'punt', 'punten')} om na te lopen:</strong>
              </p>
              <ul className="warning-list">
                {warnings.map((g) => (
                  <WarningItem key={`${g.kind}:${g.title}`} group={g} />
                ))}
              </ul>
              <button type="button" className="button button-small" onClick={() => go('assign-roles')}>
                Naar stap 7: rollen en klassen
              </button>
            </div>
          )}
          <div className="card search" role="search">
            <div className="field">
              <label htmlFor="wsw-search">Zoek op klas of gebruiker</label>
              <input id="wsw-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" data-testid="wsw-search" />
            </div>
          </div>
          <div role="tablist" aria-label="Weergave" className="tabs">
            {(
              [
                ['class', 'Per klas'],
                ['user', 'Per gebruiker'],
              ] as const
            ).map(([id, label]) => (
              <button
                key={id}
                type="button"
                role="tab"
                id={`wsw-tab-${id}`}
                aria-selected={tab === id}
                aria-controls={`wsw-panel-${id}`}
                tabIndex={tab === id ? 0 : -1}
                onClick={() => setTab(id)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                    const next = tab === 'class' ? 'user' : 'class';
                    setTab(next);
                    document.getElementById(`wsw-tab-${next}`)?.focus();
                  }
                }}
              >
                {label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`wsw-panel-${tab}`} aria-labelledby={`wsw-tab-${tab}`} className="card">
            {tab === 'class' ? (
              <PlainList label="Per klas: wie ziet welke rapportages" testId="wsw-by-class" empty={query}>
                {result.byClass
                  .filter((c) => matches(query, c.naam, ...c.viewers.map((v) => userName(v.userId))))
                  .map((c) => (
                    <li key={c.classKey} className="wsw-row">
                      <strong className="wsw-title">{c.naam}</strong>
                      {c.viewers.length === 0 ? (
                        <span className="warning-text">Niemand ziet deze klas.</span>
                      ) : (
                        <ul className="wsw-viewers">
                          {c.viewers.map((v) => (
                            <li key={v.userId}>
                              <span>{userName(v.userId)}</span> <Reports reports={v.reports} />
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
              </PlainList>
            ) : (
              <PlainList label="Per gebruiker: welke rapportages in welke klassen" testId="wsw-by-user" empty={query}>
                {result.byUser
                  .filter((u) => matches(query, userName(u.userId), ...u.classes.map((c) => className(c.classKey))))
                  .map((u) => {
                    const byReports = new Map<string, string[]>();
                    for (const c of u.classes) {
                      const k = c.reports.join(',');
                      byReports.set(k, [...(byReports.get(k) ?? []), className(c.classKey)]);
                    }
                    return (
                      <li key={u.userId} className="wsw-row">
                        <strong className="wsw-title">{userName(u.userId)}</strong>
                        {u.classes.length === 0 ? (
                          <span className="warning-text">Ziet niets.</span>
                        ) : (
                          <ul className="wsw-viewers">
                            {[...byReports].map(([reports, names]) => (
                              <li key={reports}>
                                <Reports reports={reports.split(',') as Report[]} /> <span className="subtle">in <FoldedNames names={names} /></span>
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    );
                  })}
              </PlainList>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function matches(query: string, ...texts: string[]): boolean {
  const q = query.trim().toLocaleLowerCase('nl');
  return q === '' || texts.some((t) => t.toLocaleLowerCase('nl').includes(q));
}

/**
 * A plain list whose rows grow with their content: a class with many viewers never clips. Classes and users of one
 * location are hundreds at most, and the search narrows them, so no virtualisation is needed here.
 */
function PlainList({ label, testId, empty, children }: { label: string; testId: string; empty: string; children: ReactNode[] }) {
  if (children.length === 0) return <p className="hint" data-testid={`${testId}-none`}>Niets gevonden met “{empty.trim()}”.</p>;
  return (
    <ul className="wsw-list" aria-label={label} data-testid={testId} tabIndex={0}>
      {children}
    </ul>
  );
}

/** The first names, then "toon alle" to fold the rest open (and close again). */
function FoldedNames({ names, first = 5 }: { names: readonly string[]; first?: number }) {
  const [open, setOpen] = useState(false);
  if (names.length <= first) return <>{names.join(', ')}</>;
  return (
    <>
      {(open ? names : names.slice(0, first)).join(', ')}
      {!open && ', …'}{' '}
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'minder tonen' : `toon alle ${names.length}`}
      </button>
    </>
  );
}

function WarningItem({ group }: { group: WarningGroup }) {
  return (
    <li data-testid="wsw-warning" data-kind={group.kind}>
      <strong>{group.title}</strong>
      {group.names.length > 0 && (
        <>
          : <FoldedNames names={group.names} />
        </>
      )}
      . {group.advice}
    </li>
  );
}
