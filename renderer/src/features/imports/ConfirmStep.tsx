import { RolloverHint } from '../rollover/RolloverHint';
import { useQuery } from '../../hooks/useQuery';
import { DiffPrint, DiffView, DroppedKinds } from './diff-parts';
import { useEffect, useMemo, useState } from 'react';
import type { ImportHistoryEntry, ImportView } from '../../../../shared/bridge';
import { guardAcknowledged, yearAcknowledged } from '../../../../shared/domain/import-guard';
import { colleaguesOfClasses } from '../../../../shared/domain/access';
import { displayName } from '../users/users-parts';
import { schoolYearOf } from '../../../../shared/domain/school-year';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { count, formatDateTime, formatNumber } from '../../format';
import { call, useLocation, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';
import { downloadText } from '../../components/document-parts';

/** Step 3: school identification and school year beside the location, what changes, and "Bevestigen". */
export function ConfirmStep() {
  const location = useCurrentLocation()!;
  const importState = useLocation((s) => s.importState);
  const diff = useLocation((s) => s.diff);
  const error = useLocation((s) => s.error);
  const loadImportState = useLocation((s) => s.loadImportState);
  const loadDiff = useLocation((s) => s.loadDiff);
  const confirm = useLocation((s) => s.confirm);
  const discard = useLocation((s) => s.discard);
  const setError = useLocation((s) => s.setError);
  const go = useShell((s) => s.go);
  const showToast = useShell((s) => s.showToast);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  /** The guard's second confirmation: what the admin typed (the number of pupils that disappear, or the schoolkey). */
  const [typed, setTyped] = useState('');
  /** The school-year guard's second confirmation: the file's school year, typed. */
  const [typedYear, setTypedYear] = useState('');

  const users = useLocation((s) => s.users);
  const loadUsers = useLocation((s) => s.loadUsers);
  useEffect(() => {
    void loadImportState();
    void loadDiff();
    void loadUsers();
  }, [loadImportState, loadDiff, loadUsers]);
  // The colleagues whose roles name a class this file drops (issue 33, point 2): named before confirming.
  const dropped = useMemo(() => {
    if (!diff || !users) return [];
    const names = new Map(diff.groepen.removed.items.map((g) => [g.key, g.naam]));
    const userNames = new Map(users.map((u) => [u.id, displayName(u)]));
    return colleaguesOfClasses(users, [...names.keys()], (id) => userNames.get(id) ?? id).map((c) => ({ naam: names.get(c.key)!, users: c.users }));
  }, [diff, users]);

  if (!importState) return <Spinner label="Gegevens laden…" />;
  const pending = importState.pending;
  const confirmed = importState.confirmed;

  if (!pending) {
    return (
      <section className="screen" aria-labelledby="screen-title">
        <ScreenTitle step={3}>Controleren en bevestigen</ScreenTitle>
        <ErrorNotice error={error} onDismiss={() => setError(null)} />
        {confirmed ? (
          <>
            <Notice level="success" testId="already-confirmed">
              Bevestigd op {formatDateTime(confirmed.confirmedAt)}: {confirmed.sourceName} (schooljaar {confirmed.school.schooljaar ?? '—'}).
            </Notice>
            <Identification location={location} file={confirmed} />
            <RolloverHint brin6={location.brin6} />
            <div className="actions">
              <button type="button" className="button button-primary" onClick={() => go('load-planner')}>
                Naar stap 4: beschikbaar in het portaal
              </button>
              <button type="button" className="button" onClick={() => go('import')}>
                Een nieuw bestand importeren
              </button>
            </div>
            <ImportHistory brin6={location.brin6} />
          </>
        ) : (
          <EmptyState title="Er is nog niets te bevestigen" testId="confirm-empty">
            <p>Importeer eerst het EDEXML-bestand van deze locatie.</p>
            <button type="button" className="button button-primary" onClick={() => go('import')}>
              Naar stap 2: importeren
            </button>
          </EmptyState>
        )}
      </section>
    );
  }

  const guard = diff?.guard ?? null;
  const yearGuard = diff?.yearGuard ?? null;
  const guardOpen = (guard !== null && !guardAcknowledged(guard, typed)) || (yearGuard !== null && !yearAcknowledged(yearGuard, typedYear));

  async function exportDiff() {
    const result = await call('import:export-diff', { brin6: location.brin6 });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // A BOM so Excel reads the UTF-8 names right.
    downloadText(`\ufeff${result.value.csv}`, result.value.fileName, 'text/csv;charset=utf-8');
  }

  async function onConfirm() {
    setBusy(true);
    const since = useShell.getState().moves;
    const ok = await confirm(guard?.needed ? typed : undefined, yearGuard?.needed ? typedYear : undefined);
    setBusy(false);
    if (ok) {
      showToast('Schoolgegevens bevestigd. Ze worden naar de centrale dienst verstuurd.');
      // A new school year whose plan changes colleagues' classes: that plan first (issue 37); else on to step 4 —
      // unless the admin already went elsewhere while the confirm ran: never pulled back.
      const plan = await call('rollover:get-plan', { brin6: location.brin6 });
      useShell.getState().goAfter(since, plan.ok && plan.value.available && plan.value.changes > 0 ? 'rollover' : 'load-planner');
    }
  }

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={3}>Controleren en bevestigen</ScreenTitle>
      <p className="lead">
        Controleer en bevestig de schoolidentificatie (BRIN-nummer of schoolkey) en het schooljaar. Klopt er iets niet? Mail dan naar{' '}
        <span className="code">klantenservice@cito.nl</span>.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      <Identification location={location} file={pending} />

      {guard?.leavers && !guard.needed && (
        <p className="notice notice-info" data-testid="leavers">
          {guard.leavers}
        </p>
      )}
      {guard?.needed && (
        <div className="notice notice-error guard" role="alert" data-testid="removal-guard">
          <p className="guard-title">
            {guard.kind === 'other-school' ? 'Let op: dit bestand hoort bij een andere school (schoolkey)' : 'Let op: dit bestand haalt veel weg bij de centrale dienst'}
          </p>
          <ul>
            {guard.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
            {guard.leavers && <li>{guard.leavers}</li>}
          </ul>
          <p>
            {guard.kind === 'other-school'
              ? `Is dit echt een bestand van ${location.name}? Kies anders het bestand van deze school, of verwerp dit bestand.`
              : `Is dit echt het volledige bestand van ${location.name}? Exporteer anders opnieuw uit je leerlingadministratie, of verwerp dit bestand.`}
          </p>
          <div className="field">
            <label htmlFor="guard-confirm">
              Typ <strong className="code">{guard.confirmText}</strong> om toch te bevestigen
            </label>
            <input id="guard-confirm" inputMode={guard.kind === 'removal' ? 'numeric' : 'text'} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="guard-input" />
          </div>
        </div>
      )}
      {yearGuard?.needed && (
        <div className="notice notice-error guard" role="alert" data-testid="year-guard">
          <p className="guard-title">Let op: dit bestand is van schooljaar {yearGuard.schooljaar}, niet van {yearGuard.current}</p>
          <p>Meestal is een nieuwe export uit je leerlingadministratie nodig. Bevestig je dit bestand toch, dan werkt het volgsysteem met de klassen en leerlingen van {yearGuard.schooljaar}.</p>
          <div className="field">
            <label htmlFor="year-confirm">
              Typ <strong className="code">{yearGuard.schooljaar}</strong> om dit schooljaar toch te bevestigen
            </label>
            <input id="year-confirm" autoComplete="off" value={typedYear} onChange={(e) => setTypedYear(e.target.value)} data-testid="year-input" />
          </div>
        </div>
      )}
      {dropped.length > 0 && (
        <div className="notice notice-warning" data-testid="dropped-class-users">
          <p className="guard-title">
            {dropped.length === 1 ? 'Een klas die verdwijnt, staat in de rollen van collega’s' : `${dropped.length} klassen die verdwijnen, staan in de rollen van collega’s`}
          </p>
          <ul>
            {dropped.map((c) => (
              <li key={c.naam}>
                <strong>{c.naam}</strong>: {c.users.join(', ')}
              </li>
            ))}
          </ul>
          <p>Na bevestigen zien zij deze klas niet meer. Pas hun klassen daarna aan in stap 7.</p>
        </div>
      )}
      <div className="section-heading-row">
        <h3 className="section-heading">Wat verandert er bij bevestigen</h3>
        {diff && (
          <div className="actions no-print">
            <button type="button" className="button" onClick={() => void exportDiff()} data-testid="export-diff">
              Verschillen exporteren (CSV)
            </button>
            <button type="button" className="button" onClick={() => window.print()}>
              Afdrukken
            </button>
          </div>
        )}
      </div>
      {diff === undefined ? <Spinner label="Verschillen berekenen…" /> : diff ? <DiffView diff={diff} /> : null}
      {diff && <DiffPrint diff={diff} />}

      <div className="actions sticky-actions">
        <button type="button" className="button button-primary" onClick={() => void onConfirm()} disabled={busy || diff === undefined || guardOpen} data-testid="confirm">
          {busy ? 'Bezig…' : 'Bevestigen'}
        </button>
        <button type="button" className="button button-quiet" onClick={() => setDiscarding(true)} disabled={busy}>
          Bestand verwerpen…
        </button>
      </div>
      <ConfirmDialog
        open={discarding}
        title="Ingelezen bestand verwerpen?"
        confirmLabel="Verwerpen"
        danger
        onCancel={() => setDiscarding(false)}
        onConfirm={() => {
          setDiscarding(false);
          const since = useShell.getState().moves;
          void discard().then((ok) => ok && useShell.getState().goAfter(since, 'import'));
        }}
      >
        <p>
          {pending.sourceName} wordt weggegooid. {confirmed ? 'De bevestigde gegevens blijven in gebruik.' : 'Er zijn dan nog geen schoolgegevens.'}
        </p>
      </ConfirmDialog>
      <ImportHistory brin6={location.brin6} />
    </section>
  );
}

/**
 * "Eerdere imports": every confirmed import of this location, newest first, with what it added and removed; the last
 * five can be put back ("Terugzetten"), which makes it the pending import — confirmed in this same step, with its own
 * diff and guard.
 */
function ImportHistory({ brin6 }: { brin6: string }) {
  const importState = useLocation((s) => s.importState);
  const restore = useLocation((s) => s.restore);
  const showToast = useShell((s) => s.showToast);
  const [asked, setAsked] = useState<ImportHistoryEntry | null>(null);
  // Asked again whenever a confirm, restore or new file changed which imports there are.
  const query = useQuery('import:list-history', { brin6 }, { deps: [importState?.confirmed?.id ?? null, importState?.pending?.id ?? null] });
  const history: ImportHistoryEntry[] | null = query.error ? [] : query.data;
  if (!history || history.length === 0) return null;
  return (
    <section className="card history" aria-labelledby="history-title" data-testid="import-history">
      <h3 id="history-title">Eerdere imports</h3>
      <p className="hint">De console bewaart de gegevens van de laatste vijf bevestigde imports; van oudere alleen deze regel.</p>
      <table className="history-table">
        <thead>
          <tr>
            <th scope="col">Bevestigd</th>
            <th scope="col">Bestand</th>
            <th scope="col">Schooljaar</th>
            <th scope="col">Leerlingen</th>
            <th scope="col">Erbij / eraf</th>
            <th scope="col">
              <span className="visually-hidden">Actie</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.id} data-testid="history-row">
              <td>{formatDateTime(h.confirmedAt)}</td>
              <td>
                {h.file}
                {h.restoredFrom && (
                  <span className="hint" data-testid="history-restored">
                    {' '}
                    · teruggezet (import van {formatDateTime(h.restoredFrom)})
                  </span>
                )}
              </td>
              <td>{h.schooljaar}</td>
              <td>{formatNumber(h.counts.leerlingen)}</td>
              <td>
                +{formatNumber(h.added)} / −{formatNumber(h.removed)}
              </td>
              <td>
                {h.current ? (
                  <span className="badge">In gebruik</span>
                ) : h.restorable ? (
                  <button type="button" className="button" onClick={() => setAsked(h)} aria-label={`${h.file} van ${formatDateTime(h.confirmedAt)} terugzetten`}>
                    Terugzetten…
                  </button>
                ) : (
                  <span className="hint">Gegevens niet meer bewaard</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={asked !== null}
        title="Eerdere import terugzetten?"
        confirmLabel="Terugzetten"
        onCancel={() => setAsked(null)}
        onConfirm={() => {
          const entry = asked!;
          setAsked(null);
          void restore(entry.id).then((ok) => ok && showToast(`${entry.file} staat klaar. Controleer de verschillen en bevestig.`));
        }}
      >
        <p>
          {asked?.file} ({asked ? formatDateTime(asked.confirmedAt) : ''}) wordt het ingelezen bestand. Er verandert nog niets: je ziet hierna wat
          verandert en bevestigt het zoals elk bestand.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The file's school identification and year, side by side with what the location expects. */
function Identification({ location, file }: { location: { brin6: string; name: string }; file: ImportView }) {
  const currentYear = schoolYearOf(new Date());
  const brinOk = file.school.brin6 === location.brin6;
  const yearOk = file.school.schooljaar === currentYear;
  return (
    <div className="card">
      <table className="identification" data-testid="identification">
        <caption className="visually-hidden">Schoolidentificatie en schooljaar</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Schoolidentificatie</th>
            <th scope="col">Schooljaar</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Het bestand</th>
            <td className={brinOk ? 'is-ok' : 'is-bad'} data-testid="file-brin6">
              <span className="code big">{file.school.brin6 ?? '—'}</span>
              {file.school.schoolkey && <span className="subtle"> · schoolkey {file.school.schoolkey}</span>}
            </td>
            <td className={yearOk ? 'is-ok' : 'is-warn'} data-testid="file-schooljaar">
              <span className="big">{file.school.schooljaar ?? '—'}</span>
            </td>
          </tr>
          <tr>
            <th scope="row">Deze locatie</th>
            <td>
              <span className="code big">{location.brin6}</span> <span className="subtle">{location.name}</span>
            </td>
            <td>
              <span className="big">{currentYear}</span> <span className="subtle">(huidig schooljaar)</span>
            </td>
          </tr>
        </tbody>
      </table>
      {!yearOk && file.school.schooljaar && (
        <p className="warning-text" data-testid="schooljaar-warning">
          Let op: het bestand is van schooljaar {file.school.schooljaar}, niet van het huidige schooljaar {currentYear}. Bevestig alleen als
          dat de bedoeling is; anders exporteer je het bestand opnieuw.
        </p>
      )}
      <p className="subtle">
        {file.sourceName} · {count(file.counts.leerlingen, 'leerling', 'leerlingen')} · {count(file.counts.groepen, 'klas', 'klassen')}
        {file.counts.samengestelde_groepen > 0 && ` · ${count(file.counts.samengestelde_groepen, 'clustergroep', 'clustergroepen')}`} ·{' '}
        {count(file.counts.leerkrachten, 'leerkracht', 'leerkrachten')}
      </p>
      <DroppedKinds dropped={file.dropped} />
    </div>
  );
}
