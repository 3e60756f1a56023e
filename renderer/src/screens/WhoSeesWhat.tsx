import { useEffect, useMemo, useState } from 'react';
import { REPORT_LABEL, accessWarnings, warningMessage, whoSeesWhat } from '../../../shared/domain/access';
import type { Report } from '../../../shared/domain/access';
import { VirtualList } from '../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../components/ui';
import { count } from '../format';
import { useLocation, useShell } from '../store';
import { displayName } from './users-parts';

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
  const classes = useLocation((s) => s.classes);
  const error = useLocation((s) => s.error);
  const loadUsers = useLocation((s) => s.loadUsers);
  const loadClasses = useLocation((s) => s.loadClasses);
  const setError = useLocation((s) => s.setError);
  const go = useShell((s) => s.go);
  const [tab, setTab] = useState<'class' | 'user'>('class');

  useEffect(() => {
    void loadUsers();
    void loadClasses();
  }, [loadUsers, loadClasses]);

  const result = useMemo(() => (users && classes ? whoSeesWhat(users, classes) : null), [users, classes]);
  const warnings = useMemo(() => {
    if (!users || !classes) return [];
    const names = new Map(users.map((u) => [u.id, displayName(u)]));
    const classNames = new Map(classes.map((c) => [c.key, c.naam]));
    // Cluster groups are subject groups: only regular classes need a leerlingbegeleider.
    const clusters = new Set(classes.filter((c) => c.samengesteld).map((c) => c.key));
    return accessWarnings(users, classes)
      .filter((w) => !(w.kind === 'class-without-begeleider' && clusters.has(w.classKey)))
      .map((w) =>
      warningMessage(w, { user: (id) => names.get(id) ?? id, klass: (key) => classNames.get(key) ?? key }),
    );
  }, [users, classes]);

  const userName = (id: string) => {
    const u = users?.find((x) => x.id === id);
    return u ? displayName(u) : id;
  };

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
          {warnings.length === 0 ? (
            <Notice level="success" testId="wsw-warnings">
              Geen waarschuwingen: iedereen met een rol heeft toegang, en elke klas heeft een leerlingbegeleider.
            </Notice>
          ) : (
            <div className="notice notice-warning" role="status" data-testid="wsw-warnings">
              <p>
                <strong>{count(warnings.length, 'punt', 'punten')} om na te lopen:</strong>
              </p>
              <ul className="warning-list">
                {warnings.slice(0, 50).map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
              {warnings.length > 50 && <p>En nog {warnings.length - 50}.</p>}
              <button type="button" className="button button-small" onClick={() => go('assign-roles')}>
                Naar stap 7: rollen en klassen
              </button>
            </div>
          )}
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
              <VirtualList
                items={result.byClass}
                label="Per klas: wie ziet welke rapportages"
                rowHeight={72}
                dynamic
                maxHeight={520}
                getKey={(c) => c.classKey}
                testId="wsw-by-class"
                render={(c) => (
                  <div className="wsw-row">
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
                  </div>
                )}
              />
            ) : (
              <VirtualList
                items={result.byUser}
                label="Per gebruiker: welke rapportages in welke klassen"
                rowHeight={72}
                dynamic
                maxHeight={520}
                getKey={(u) => u.userId}
                testId="wsw-by-user"
                render={(u) => {
                  const byReports = new Map<string, string[]>();
                  for (const c of u.classes) {
                    const k = c.reports.join(',');
                    byReports.set(k, [...(byReports.get(k) ?? []), classes.find((x) => x.key === c.classKey)?.naam ?? c.classKey]);
                  }
                  return (
                    <div className="wsw-row">
                      <strong className="wsw-title">{userName(u.userId)}</strong>
                      {u.classes.length === 0 ? (
                        <span className="warning-text">Ziet niets.</span>
                      ) : (
                        <ul className="wsw-viewers">
                          {[...byReports].map(([reports, names]) => (
                            <li key={reports}>
                              <Reports reports={reports.split(',') as Report[]} /> <span className="subtle">in {names.length > 8 ? `${names.slice(0, 8).join(', ')} en nog ${names.length - 8}` : names.join(', ')}</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  );
                }}
              />
            )}
          </div>
        </>
      )}
    </section>
  );
}
