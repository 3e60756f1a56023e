import { useEffect, useState } from 'react';
import type { ImportDiff, ImportHistoryEntry, ImportView } from '../../../shared/bridge';
import { guardAcknowledged } from '../../../shared/domain/import-guard';
import { schoolYearOf } from '../../../shared/domain/school-year';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { VirtualList } from '../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../components/ui';
import { count, formatDateTime, formatNumber } from '../format';
import { call, useLocation, useShell } from '../store';
import { useCurrentLocation } from '../connection';
import { downloadText } from './document-parts';

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

  useEffect(() => {
    void loadImportState();
    void loadDiff();
  }, [loadImportState, loadDiff]);

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
  const guardOpen = guard !== null && !guardAcknowledged(guard, typed);

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
    const ok = await confirm(guard?.needed ? typed : undefined);
    setBusy(false);
    if (ok) {
      showToast('Schoolgegevens bevestigd. Ze worden naar de centrale dienst verstuurd.');
      go('load-planner');
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

      {guard?.needed && (
        <div className="notice notice-error guard" role="alert" data-testid="removal-guard">
          <p className="guard-title">Let op: dit bestand haalt veel weg bij de centrale dienst</p>
          <ul>
            {guard.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p>
            Is dit echt het volledige bestand van {location.name}? Exporteer anders opnieuw uit je leerlingadministratie, of verwerp dit bestand.
          </p>
          <div className="field">
            <label htmlFor="guard-confirm">
              Typ <strong className="code">{guard.confirmText}</strong> om toch te bevestigen
            </label>
            <input id="guard-confirm" inputMode="numeric" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="guard-input" />
          </div>
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
          void discard().then((ok) => ok && go('import'));
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
  const [history, setHistory] = useState<ImportHistoryEntry[] | null>(null);
  const [asked, setAsked] = useState<ImportHistoryEntry | null>(null);
  useEffect(() => {
    let live = true;
    void call('import:list-history', { brin6 }).then((r) => live && setHistory(r.ok ? r.value : []));
    return () => {
      live = false;
    };
  }, [brin6, importState]);
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
              <td>{h.file}</td>
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
    </div>
  );
}

type Tab = 'added' | 'removed' | 'changed' | 'moved' | 'classes';

function DiffView({ diff }: { diff: ImportDiff }) {
  const [tab, setTab] = useState<Tab>('added');
  const l = diff.leerlingen;
  const g = diff.groepen;
  const tabs: Array<[Tab, string, number]> = [
    ['added', diff.first ? 'Leerlingen' : 'Nieuwe leerlingen', l.added.total],
    ['removed', 'Verdwenen leerlingen', l.removed.total],
    ['changed', 'Gewijzigde leerlingen', l.changed.total],
    ['moved', 'Naar andere klas', l.moved.total],
    // Counts classes and clustergroepen together (as the file's line above says both), so the label names both.
    ['classes', diff.first ? 'Klassen en clustergroepen' : 'Gewijzigde klassen en clustergroepen', g.added.total + g.removed.total + g.changed.total],
  ];
  const visible = diff.first ? tabs.filter(([t]) => t === 'added' || t === 'classes') : tabs;
  return (
    <div className="card diff" data-testid="diff">
      {diff.first ? (
        <p>Dit is de eerste import van deze locatie: alle klassen en leerlingen zijn nieuw.</p>
      ) : (
        <p data-testid="diff-summary">
          {formatNumber(l.added.total)} nieuw, {formatNumber(l.removed.total)} verdwenen, {formatNumber(l.changed.total)} gewijzigd,{' '}
          {formatNumber(l.moved.total)} naar een andere klas; {formatNumber(g.added.total)} klassen nieuw, {formatNumber(g.removed.total)} verdwenen.
        </p>
      )}
      <div role="tablist" aria-label="Verschillen" className="tabs">
        {visible.map(([id, label, n]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              const i = visible.findIndex(([t]) => t === id);
              const next = e.key === 'ArrowRight' ? visible[(i + 1) % visible.length] : e.key === 'ArrowLeft' ? visible[(i - 1 + visible.length) % visible.length] : null;
              if (next) {
                setTab(next[0]);
                document.getElementById(`tab-${next[0]}`)?.focus();
              }
            }}
          >
            {label} <span className="tab-count">{formatNumber(n)}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel">
        <DiffPanel diff={diff} tab={tab} />
      </div>
    </div>
  );
}

const FIELD_LABEL: Record<string, string> = {
  sleutel: 'sleutel gewijzigd',
  eckid: 'eck-id',
  samengesteldeGroepen: 'clustergroepen',
};

/** The diff on paper: every list in full (as far as the screen has it), since a printed tab cannot be clicked. */
function DiffPrint({ diff }: { diff: ImportDiff }) {
  const l = diff.leerlingen;
  const section = (title: string, total: number, rows: string[]) => (
    <section>
      <h4>
        {title} ({formatNumber(total)})
      </h4>
      {rows.length === 0 ? <p>Geen.</p> : <ul>{rows.map((r, i) => <li key={i}>{r}</li>)}</ul>}
      {total > rows.length && <p>De eerste {formatNumber(rows.length)}; het hele verschil staat in de CSV-export.</p>}
    </section>
  );
  return (
    <div className="print-only diff-print">
      {section('Nieuwe leerlingen', l.added.total, l.added.items.map((p) => `${p.name} (${p.key}) ${p.groep ?? ''}`))}
      {section('Verdwenen leerlingen', l.removed.total, l.removed.items.map((p) => `${p.name} (${p.key}) ${p.groep ?? ''}`))}
      {section('Gewijzigde leerlingen', l.changed.total, l.changed.items.map((p) => `${p.name} (${p.key}): ${p.changes.map((c) => `${FIELD_LABEL[c.field] ?? c.field} ${c.from ?? '—'} → ${c.to ?? '—'}`).join('; ')}`))}
      {section('Naar een andere klas', l.moved.total, l.moved.items.map((m) => `${m.name} (${m.key}): ${m.from ?? '—'} → ${m.to ?? '—'}`))}
    </div>
  );
}

/** Old → new for each changed field ("achternaam: Jansen → Janssen"), in full: nothing is cut off. */
function ChangeList({ changes }: { changes: ImportDiff['leerlingen']['changed']['items'][number]['changes'] }) {
  return (
    <ul className="cell-changes" aria-label="Wijzigingen">
      {changes.map((c) => (
        <li key={c.field}>
          <span className="change-field">{FIELD_LABEL[c.field] ?? c.field}:</span> <span className="change-from">{c.from ?? '—'}</span> →{' '}
          <span className="change-to">{c.to ?? '—'}</span>
        </li>
      ))}
    </ul>
  );
}

function DiffPanel({ diff, tab }: { diff: ImportDiff; tab: Tab }) {
  const l = diff.leerlingen;
  const more = (shown: number, total: number) =>
    total > shown ? <p className="hint">De eerste {formatNumber(shown)} van {formatNumber(total)}.</p> : null;
  switch (tab) {
    case 'added':
    case 'removed': {
      const list = l[tab];
      if (list.total === 0) return <p className="hint">Geen.</p>;
      return (
        <>
          <VirtualList
            items={list.items}
            label={tab === 'added' ? 'Nieuwe leerlingen' : 'Verdwenen leerlingen'}
            getKey={(p) => p.key}
            render={(p) => (
              <>
                <span className="cell-name">{p.name}</span>
                <span className="cell-class">{p.groep ?? 'geen klas'}</span>
                <span className="code cell-key">{p.key}</span>
              </>
            )}
          />
          {more(list.items.length, list.total)}
        </>
      );
    }
    case 'changed':
      if (l.changed.total === 0) return <p className="hint">Geen.</p>;
      return (
        <>
          <VirtualList
            items={l.changed.items}
            label="Gewijzigde leerlingen"
            getKey={(p) => p.key}
            dynamic
            testId="changed-pupils"
            render={(p) => (
              <>
                <span className="cell-name">{p.name}</span>
                <ChangeList changes={p.changes} />
                <span className="code cell-key">{p.key}</span>
              </>
            )}
          />
          {more(l.changed.items.length, l.changed.total)}
        </>
      );
    case 'moved':
      if (l.moved.total === 0) return <p className="hint">Geen.</p>;
      return (
        <>
          <VirtualList
            items={l.moved.items}
            label="Leerlingen naar een andere klas"
            getKey={(p) => p.key}
            render={(p) => (
              <>
                <span className="cell-name">{p.name}</span>
                <span className="cell-class">
                  {p.from ?? 'geen klas'} → {p.to ?? 'geen klas'}
                </span>
                <span className="code cell-key">{p.key}</span>
              </>
            )}
          />
          {more(l.moved.items.length, l.moved.total)}
        </>
      );
    case 'classes': {
      const g = diff.groepen;
      const rows = [
        ...g.added.items.map((c) => ({ key: c.key, naam: c.naam, what: diff.first ? 'klas' : 'nieuw' })),
        ...g.removed.items.map((c) => ({ key: c.key, naam: c.naam, what: 'verdwenen' })),
        ...g.changed.items.map((c) => ({ key: c.key, naam: c.naam, what: `gewijzigd: ${c.changes.map((x) => `${x.field} ${x.from ?? '—'} → ${x.to ?? '—'}`).join('; ')}` })),
      ];
      if (rows.length === 0) return <p className="hint">Geen veranderingen in de klassen.</p>;
      return (
        <VirtualList
          items={rows}
          label="Klassen"
          getKey={(c) => `${c.what}:${c.key}`}
          render={(c) => (
            <>
              <span className="cell-name">{c.naam}</span>
              <span className="cell-class">{c.what}</span>
              <span className="code cell-key">{c.key}</span>
            </>
          )}
        />
      );
    }
  }
}
