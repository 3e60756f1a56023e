/** Step 3's diff: the tabs (added, removed, changed, moved, classes), each change old → new, and its print version. */
import { useState } from 'react';
import type { ImportDiff } from '../../../../shared/bridge';
import { VirtualList } from '../../components/VirtualList';
import { count, formatNumber } from '../../format';

type Tab = 'added' | 'removed' | 'changed' | 'moved' | 'classes';

export function DiffView({ diff }: { diff: ImportDiff }) {
  const [tab, setTab] = useState<Tab>('added');
  const l = diff.leerlingen;
  const g = diff.groepen;
  const tabs: Array<[Tab, string, number]> = [
    ['added', diff.first ? 'Leerlingen' : 'Nieuwe leerlingen', l.added.total],
    ['removed', 'Verdwenen leerlingen', l.removed.total],
    ['changed', 'Gewijzigde leerlingen', l.changed.total],
    ['moved', 'Naar andere klas', l.moved.total],
    // Counts classes and clustergroepen together (as the file's line above says both), so the label names both.
    // New and removed classes are there too: "Gewijzigde klassen" listed new ones under a word that says otherwise.
    ['classes', diff.first ? 'Klassen en clustergroepen' : 'Klassen en clustergroepen: nieuw, verdwenen, gewijzigd', g.added.total + g.removed.total + g.changed.total],
  ];
  const visible = diff.first ? tabs.filter(([t]) => t === 'added' || t === 'classes') : tabs;
  return (
    <div className="card diff" data-testid="diff">
      {diff.first ? (
        <p>Dit is de eerste import van deze locatie: alle klassen en leerlingen zijn nieuw.</p>
      ) : (
        <p data-testid="diff-summary">
          {formatNumber(l.added.total)} nieuw, {formatNumber(l.removed.total)} verdwenen, {formatNumber(l.changed.total)} gewijzigd,{' '}
          {formatNumber(l.moved.total)} naar een andere klas; {count(g.added.total, 'klas', 'klassen')} nieuw, {formatNumber(g.removed.total)} verdwenen.
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
export function DiffPrint({ diff }: { diff: ImportDiff }) {
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

/**
 * What the console did not keep of the file (issue 33, point 4): BSN, postcode and the like are dropped while
 * reading — steps 2 and 3 say so, as the CLI does ("Niet bewaard (privacy): …").
 */
export function DroppedKinds({ dropped }: { dropped: readonly string[] }) {
  if (dropped.length === 0) return null;
  return (
    <p className="subtle dropped-kinds" data-testid="dropped-kinds">
      Niet bewaard (privacy): {dropped.join(', ')}. De console bewaart alleen wat het volgsysteem nodig heeft; deze gegevens uit het bestand staan
      niet op deze pc en gaan niet naar de centrale dienst.
    </p>
  );
}
