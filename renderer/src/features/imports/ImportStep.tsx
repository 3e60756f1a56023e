import { DroppedKinds } from './diff-parts';
import { useEffect, useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import type { Finding } from '../../../../shared/edexml/findings';
import type { ImportOutcome, ImportProgress } from '../../../../shared/bridge';
import { IDENTICAL_DETAIL, IDENTICAL_TITLE } from '../../../../shared/bridge';
import { FileButton } from '../../components/FileButton';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle } from '../../components/ui';
import { count, formatBytes, formatDateTime, formatNumber } from '../../format';
import { useLocation, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';

/** Step 2: drop or pick the EDEXML; a worker in main reads it while a progress bar shows how far it is. */
export function ImportStep() {
  const location = useCurrentLocation()!;
  const run = useLocation((s) => s.run);
  const outcome = useLocation((s) => s.outcome);
  const importState = useLocation((s) => s.importState);
  const error = useLocation((s) => s.error);
  const carriedFile = useLocation((s) => s.carriedFile);
  const loadImportState = useLocation((s) => s.loadImportState);
  const startImport = useLocation((s) => s.startImport);
  const setError = useLocation((s) => s.setError);
  const go = useShell((s) => s.go);

  useEffect(() => {
    void loadImportState();
  }, [loadImportState]);

  const pending = importState?.pending ?? null;
  const confirmed = importState?.confirmed ?? null;

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={2}>Importeren EDEXML-bestand</ScreenTitle>
      <p className="lead">
        Importeer hier de schoolgegevens: het EDEXML-bestand met alle klassen en alle leerlingen van BRIN6{' '}
        <span className="code">{location.brin6}</span> ({location.name}).
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />

      {carriedFile && !run && outcome === null && (
        <Notice level="info" testId="carried-file">
          Je had het bestand <strong>{carriedFile.name}</strong> gekozen voor deze locatie.{' '}
          <button type="button" className="button button-primary" onClick={() => void startImport(carriedFile)}>
            {carriedFile.name} importeren voor {location.brin6}
          </button>
        </Notice>
      )}

      <DropZone disabled={run !== null} onFile={(file) => void startImport(file)} />

      {run && <ImportProgressBar fileName={run.fileName} stage={run.stage} progress={run.progress} />}

      {outcome && <OutcomeView outcome={outcome} />}

      {!outcome && !run && pending && (
        <Notice level="info" testId="pending-import">
          Ingelezen op {formatDateTime(pending.importedAt)}: <strong>{pending.sourceName}</strong> (schooljaar {pending.school.schooljaar ?? '—'},{' '}
          {count(pending.counts.leerlingen, 'leerling', 'leerlingen')}, {count(pending.counts.groepen, 'klas', 'klassen')}). Het wacht op
          bevestiging.{' '}
          <button type="button" className="button button-primary" onClick={() => go('confirm-school')}>
            Naar stap 3: controleren en bevestigen
          </button>
        </Notice>
      )}
      {!outcome && !run && pending && pending.findingsTotal > 0 && <FindingsList findings={pending.findings} total={pending.findingsTotal} />}

      {!outcome && !run && !pending && confirmed && (
        <Notice level="success" testId="confirmed-import">
          In gebruik: <strong>{confirmed.sourceName}</strong>, bevestigd op {formatDateTime(confirmed.confirmedAt)} (schooljaar{' '}
          {confirmed.school.schooljaar ?? '—'}, {count(confirmed.counts.leerlingen, 'leerling', 'leerlingen')}). Importeer een nieuw bestand om
          de gegevens bij te werken.
        </Notice>
      )}
      {!outcome && !run && !pending && !confirmed && importState && (
        <EmptyState title="Nog geen bestand ingelezen voor deze locatie" testId="import-empty">
          <p>
            Exporteer het EDEXML-bestand uit je leerlingadministratie (bijvoorbeeld Magister of Somtoday) met alle klassen en
            leerlingen van deze BRIN6, en sleep het hierboven neer.
          </p>
        </EmptyState>
      )}
    </section>
  );
}

function DropZone({ onFile, disabled }: { onFile: (file: File) => void; disabled: boolean }) {
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <div
      className={`dropzone ${over ? 'is-over' : ''} ${disabled ? 'is-disabled' : ''}`}
      data-dropzone
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p className="dropzone-title">Sleep het EDEXML-bestand hierheen</p>
      <p className="dropzone-or">of</p>
      <FileButton
        label="Kies een bestand…"
        inputLabel="EDEXML-bestand kiezen"
        accept=".xml,text/xml,application/xml"
        onFile={onFile}
        disabled={disabled}
        primary
        testId="file-input"
      />
      <p className="field-hint">EDEXML 1.03, 2.0 of 2.1, tot 256 MB. Het bestand blijft op deze pc tot je bevestigt.</p>
    </div>
  );
}

const PHASE_LABEL: Record<ImportProgress['phase'], string> = {
  lezen: 'Bestand lezen',
  controleren: 'Controleren',
  opslaan: 'Opslaan',
  klaar: 'Klaar',
};

function ImportProgressBar({ fileName, stage, progress }: { fileName: string; stage: 'uploading' | 'reading'; progress: ImportProgress | null }) {
  const fraction = progress && progress.totalBytes > 0 ? progress.bytesRead / progress.totalBytes : null;
  const label = stage === 'uploading' ? 'Bestand overdragen' : progress ? PHASE_LABEL[progress.phase] : 'Bestand lezen';
  return (
    <div className="card progress-card" data-testid="import-progress">
      <p>
        <strong>{fileName}</strong> · {label}
        {progress && ` · ${formatBytes(progress.bytesRead)} van ${formatBytes(progress.totalBytes)}`}
      </p>
      <progress
        aria-label={`Voortgang importeren: ${label}`}
        max={1}
        value={fraction ?? undefined}
        aria-valuetext={fraction === null ? label : `${Math.round(fraction * 100)}%`}
      />
    </div>
  );
}

function OutcomeView({ outcome }: { outcome: ImportOutcome }) {
  const go = useShell((s) => s.go);
  const selectLocation = useShell((s) => s.selectLocation);
  const locations = useShell((s) => s.locations);
  const location = useCurrentLocation()!;
  const carriedFile = useLocation((s) => s.carriedFile);
  const { report } = outcome;

  if (outcome.kind === 'other-location') {
    const other = locations.find((l) => l.brin6 === outcome.fileBrin6);
    // One action (issue 15, point 10): "en daar importeren" switches and starts the import of the same file there.
    const switchTo = (importThere: boolean) => {
      const file = importThere ? carriedFile : null;
      selectLocation(outcome.fileBrin6, 'import');
      if (file) void useLocation.getState().startImport(file);
    };
    return (
      <div className="notice notice-error outcome" role="alert" data-testid="other-location">
        <p>
          <strong>Dit bestand hoort bij een andere locatie.</strong> Het is van BRIN6 <span className="code">{outcome.fileBrin6}</span>
          {other ? ` (${other.name})` : ''}, maar je importeert nu voor <span className="code">{location.brin6}</span> ({location.name}). Er is
          niets veranderd.
        </p>
        {outcome.known && other ? (
          <div className="actions">
            <button type="button" className="button button-primary" onClick={() => switchTo(true)} data-testid="switch-and-import">
              Overschakelen naar {outcome.fileBrin6} en daar importeren
            </button>
            <button type="button" className="button" onClick={() => switchTo(false)}>
              Alleen overschakelen naar {outcome.fileBrin6}
            </button>
          </div>
        ) : (
          <p>
            Locatie {outcome.fileBrin6} staat niet in deze console. Voeg haar toe in{' '}
            <button type="button" className="link-button" onClick={() => go('overview')}>
              Mijn schoollocaties
            </button>{' '}
            en importeer het bestand daar, of kies het bestand van {location.brin6}.
          </p>
        )}
      </div>
    );
  }

  if (outcome.kind === 'identical') {
    return (
      <Notice level="info" testId="import-identical">
        <p>
          <strong>{IDENTICAL_TITLE}</strong> {IDENTICAL_DETAIL}
        </p>
        <div className="actions">
          <button type="button" className="button" onClick={() => go('add-users')}>
            Naar stap 6: gebruikers
          </button>
        </div>
      </Notice>
    );
  }

  return (
    <>
      {outcome.kind === 'stored' ? (
        <Notice level="success" testId="import-stored">
          <p>
            <strong>Bestand ingelezen.</strong> {count(report.counts.leerlingen, 'leerling', 'leerlingen')},{' '}
            {count(report.counts.groepen, 'klas', 'klassen')}
            {report.counts.samengestelde_groepen > 0 && ` en ${count(report.counts.samengestelde_groepen, 'clustergroep', 'clustergroepen')}`}, schooljaar{' '}
            {report.school.schooljaar ?? '—'}. Nog niets is definitief: controleer en bevestig in stap 3.
          </p>
          <DroppedKinds dropped={report.dropped} />
          <div className="actions">
            <button type="button" className="button button-primary" onClick={() => go('confirm-school')} data-testid="to-confirm">
              Naar stap 3: controleren en bevestigen
            </button>
          </div>
        </Notice>
      ) : (
        <Notice level="error" testId="import-blocked">
          <strong>Dit bestand kan niet worden geïmporteerd.</strong>{' '}
          {report.findings.some((f) => f.code === 'file.not-edexml')
            ? 'Dit is een ander soort bestand dan EDEXML (zie hieronder); kies het .xml-bestand uit je leerlingadministratie.'
            : report.findings.some((f) => f.severity === 'error' && f.code.startsWith('xml.'))
            ? 'Het bestand zelf is onleesbaar of onvolledig (bijvoorbeeld een afgebroken download): exporteer of download het opnieuw en kies het nieuwe bestand.'
            : `${count(errorsIn(report.findings), 'fout moet', 'fouten moeten')} eerst in de leerlingadministratie worden opgelost; exporteer het bestand daarna opnieuw.`}{' '}
          Er is niets veranderd: de gegevens die er al waren blijven staan.
        </Notice>
      )}
      {report.findingsTotal > 0 && <FindingsList findings={report.findings} total={report.findingsTotal} />}
    </>
  );
}

function errorsIn(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === 'error').length;
}

type Filter = 'all' | 'error' | 'warning';

/** The findings, errors first, with their line numbers; filterable by severity. */
function FindingsList({ findings, total }: { findings: readonly Finding[]; total: number }) {
  const [filter, setFilter] = useState<Filter>('all');
  const errors = errorsIn(findings);
  const warnings = findings.length - errors;
  const shown = useMemo(() => (filter === 'all' ? findings : findings.filter((f) => f.severity === filter)), [findings, filter]);
  const options: Array<[Filter, string]> = [
    ['all', `Alles (${formatNumber(findings.length)})`],
    ['error', `Fouten (${formatNumber(errors)})`],
    ['warning', `Waarschuwingen (${formatNumber(warnings)})`],
  ];
  return (
    <div className="card findings" data-testid="findings">
      <div className="findings-head">
        <h3>Bevindingen</h3>
        <fieldset className="segmented">
          <legend className="visually-hidden">Toon</legend>
          {options.map(([value, label]) => (
            <label key={value} className={filter === value ? 'is-active' : ''}>
              <input type="radio" name="finding-filter" value={value} checked={filter === value} onChange={() => setFilter(value)} />
              {label}
            </label>
          ))}
        </fieldset>
      </div>
      {total > findings.length && (
        <p className="hint">
          De eerste {formatNumber(findings.length)} van {formatNumber(total)} bevindingen; los deze eerst op.
        </p>
      )}
      {shown.length === 0 ? (
        <p className="hint">Geen bevindingen van deze soort.</p>
      ) : (
        <VirtualList
          items={shown}
          label="Bevindingen"
          rowHeight={56}
          maxHeight={420}
          dynamic
          getKey={(f, i) => `${i}:${f.code}:${f.line}:${f.column}`}
          rowClassName={(f) => `finding finding-${f.severity}`}
          testId="findings-list"
          render={(f) => (
            <>
              <span className={`badge badge-${f.severity}`}>{f.severity === 'error' ? 'Fout' : 'Waarschuwing'}</span>
              <span className="finding-where">{f.line > 0 ? `regel ${f.line}, kolom ${f.column}` : 'hele bestand'}</span>
              <span className="finding-message">{f.message}</span>
            </>
          )}
        />
      )}
    </div>
  );
}
