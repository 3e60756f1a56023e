import { useState } from 'react';
import type { FormEvent } from 'react';
import { IDENTICAL_MESSAGE, routedBrin6 } from '../../../../shared/bridge';
import type { ImportRouted } from '../../../../shared/bridge';
import { useBatch } from './batch';
import type { BatchFile } from './batch';
import { count, formatBytes } from '../../format';
import { call, useShell } from '../../store';
import { ErrorNotice } from '../../components/ui';

/**
 * Several EDEXML files at once (dropped anywhere, or picked together): each is read in main's worker and routed to
 * the location whose BRIN6 it names. The summary says per file where it went, counts, errors and warnings. Nothing
 * is confirmed here: each location's step 3, with its guard against destructive files, decides.
 */
export function BatchImport() {
  const files = useBatch((s) => s.files);
  const running = useBatch((s) => s.running);
  const clear = useBatch((s) => s.clear);
  if (files.length === 0) return null;
  const done = files.filter((f) => f.state === 'done' || f.state === 'failed').length;
  const stored = files.filter((f) => f.routed?.kind === 'stored').length;
  return (
    <section className="card batch" aria-labelledby="batch-title" data-testid="batch-import">
      <h3 id="batch-title">Bestanden inlezen</h3>
      <p role="status" data-testid="batch-status">
        {running ? `${done} van ${files.length} bestanden gelezen…` : `${count(files.length, 'bestand', 'bestanden')} gelezen; ${count(stored, 'is', 'zijn')} klaar om te bevestigen.`}
      </p>
      <table className="board-table batch-table">
        <thead>
          <tr>
            <th scope="col">Bestand</th>
            <th scope="col">Locatie</th>
            <th scope="col">Uitkomst</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <BatchRow key={f.id} item={f} />
          ))}
        </tbody>
      </table>
      <p className="hint">
        Er is nog niets bevestigd. Controleer per locatie in stap 3 wat er verandert, en bevestig daar; verdwijnen er veel
        leerlingen, dan vraagt stap 3 dat eerst.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={clear} disabled={running}>
          Overzicht sluiten
        </button>
      </div>
    </section>
  );
}

function BatchRow({ item }: { item: BatchFile }) {
  const locations = useShell((s) => s.locations);
  const selectLocation = useShell((s) => s.selectLocation);
  const routed = item.routed;
  const brin6 = routed ? routedBrin6(routed) : null;
  const location = locations.find((l) => l.brin6 === brin6);
  return (
    <tr data-testid={`batch-${item.file.name}`} data-state={routed?.kind ?? item.state}>
      <td>
        {item.file.name} <span className="muted">({formatBytes(item.file.size)})</span>
      </td>
      <td>{brin6 ? `${location?.name ?? 'Onbekend'} (${brin6})` : '—'}</td>
      <td>
        {item.state === 'waiting' && 'Wacht…'}
        {item.state === 'uploading' && 'Overdragen…'}
        {item.state === 'reading' && <Reading item={item} />}
        {item.state === 'failed' && <ErrorNotice error={item.error} />}
        {routed && <Outcome item={item} routed={routed} onOpen={(b) => selectLocation(b, 'confirm-school')} />}
      </td>
    </tr>
  );
}

function Reading({ item }: { item: BatchFile }) {
  const p = item.progress;
  const fraction = p && p.totalBytes > 0 ? p.bytesRead / p.totalBytes : null;
  return (
    <span>
      Lezen…{' '}
      <progress max={1} {...(fraction !== null ? { value: fraction } : {})} aria-label={`Voortgang ${item.file.name}`} />
    </span>
  );
}

function Outcome({ item, routed, onOpen }: { item: BatchFile; routed: ImportRouted; onOpen: (brin6: string) => void }) {
  switch (routed.kind) {
    case 'stored': {
      const { counts, findings } = routed.report;
      const warnings = findings.filter((f) => f.severity === 'warning').length;
      return (
        <span>
          Ingelezen: {count(counts.leerlingen, 'leerling', 'leerlingen')}, {count(counts.groepen, 'klas', 'klassen')}, 0 fouten,{' '}
          {count(warnings, 'waarschuwing', 'waarschuwingen')}.{' '}
          <button type="button" className="link-button" onClick={() => onOpen(routed.brin6)}>
            Naar stap 3 van {routed.brin6}
          </button>
        </span>
      );
    }
    case 'blocked':
    case 'unreadable': {
      const errors = routed.report.findings.filter((f) => f.severity === 'error');
      return (
        <span className="warning-text">
          Niet ingelezen: {count(errors.length, 'fout', 'fouten')}. {errors[0]?.message}
          {routed.kind === 'blocked' && ' De eerder ingelezen gegevens van deze locatie blijven zoals ze waren.'}
        </span>
      );
    }
    case 'identical':
      return <span>{IDENTICAL_MESSAGE}</span>;
    case 'other-location':
      return <span className="warning-text">Dit bestand is van {routed.fileBrin6}, niet van {routed.brin6}; niet ingelezen.</span>;
    case 'unknown-location':
      return <AddAndRead item={item} brin6={routed.fileBrin6} suggestedName={routed.suggestedName} />;
  }
}

/** A file for a BRIN6 the console does not have: add the location (like "Locatie toevoegen") and read it, or skip. */
function AddAndRead({ item, brin6, suggestedName }: { item: BatchFile; brin6: string; suggestedName: string | null }) {
  const [name, setName] = useState(suggestedName ?? '');
  const [error, setError] = useState<Parameters<typeof ErrorNotice>[0]['error']>(null);
  const retry = useBatch((s) => s.retry);
  const remove = useBatch((s) => s.remove);
  const refreshLocations = useShell((s) => s.refreshLocations);
  const id = `batch-name-${item.id}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const added = await call('locations:add', { brin6, name, username: '' });
    if (!added.ok) {
      setError(added.error);
      return;
    }
    await refreshLocations();
    retry(item.id);
  }
  return (
    <form className="batch-add" onSubmit={(e) => void submit(e)} aria-label={`Locatie ${brin6} toevoegen`}>
      <span>Locatie {brin6} staat nog niet in deze console; het bestand is niet ingelezen.</span>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      <label htmlFor={id}>Naam van de school of locatie</label>
      <input id={id} value={name} onChange={(e) => setName(e.target.value)} required />
      <button type="submit" className="button button-primary button-small">
        Toevoegen en inlezen
      </button>
      <button type="button" className="button button-quiet button-small" onClick={() => remove(item.id)}>
        Overslaan
      </button>
    </form>
  );
}
