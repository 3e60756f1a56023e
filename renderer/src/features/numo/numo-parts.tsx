import { useId, useState } from 'react';
import type { Aanhef, NumoRegistrationInput, NumoView, UnmatchablePupil } from '../../../../shared/bridge/numo';
import { NUMO_LEVELS, NUMO_LEVEL_LABELS, TERUGSTUUROPTIES, TERUGSTUUROPTIE_MEANING, describeTerugstuuroptie, formatTerugstuuroptie, levelLadder } from '../../../../shared/domain/numo';
import type { NumoLevel, Terugstuuroptie } from '../../../../shared/domain/numo';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState } from '../../components/ui';
import { count, formatNumber, pdfHint } from '../../format';
import { useShell } from '../../store';

/** The parts of the Numo screen: its fields, the terugstuuroptie, the matching and the printable summary. */

export type Field = Exclude<keyof NumoRegistrationInput, 'terugstuuroptie'>;
/** Nothing is chosen for the admin (issue 33): no level, no terugstuuroptie until they pick one ("Alle velden zijn verplicht"). */
export type FormState = Record<Field, string> & { terugstuuroptie: Terugstuuroptie | null };

export const AANHEF_LABEL: Record<Aanhef, string> = { meneer: 'Meneer', mevrouw: 'Mevrouw', geen: 'Geen aanhef' };

/** The option −2 … +2 with the seed's meaning, and a live preview for a chosen test level. */
export function Terugstuuroptie({ value, onChange, error }: { value: Terugstuuroptie | null; onChange: (o: Terugstuuroptie) => void; error?: string }) {
  const [testLevel, setTestLevel] = useState<NumoLevel>('havo');
  const ladder = value === null ? [] : levelLadder(testLevel, value);
  const previewId = useId();
  // Highest level at the top, as a ladder is drawn.
  const rungs = [...ladder].reverse();
  return (
    <div className="card" data-testid="terugstuuroptie">
      <h3>Terugstuuroptie</h3>
      <p>
        Stel in Leerling in beeld bij ‘Terugstuuroptie’ de hoogste score in waarvan de resultaten naar Numo gaan. De resultaten van de niveaus
        daaronder gaan ook mee. De resultaten worden ’s nachts gesynchroniseerd; de volgende dag zijn ze in Numo te koppelen.
      </p>
      <div className="terug-grid">
        <fieldset className="option-group">
          <legend>Terugstuuroptie</legend>
          {[...TERUGSTUUROPTIES].reverse().map((o) => (
            <label key={o} className={`option-row ${value === o ? 'is-active' : ''}`}>
              <input type="radio" name="terugstuuroptie" value={o} checked={value === o} onChange={() => onChange(o)} data-testid={`option-${o}`} />
              <span className="option-value">{formatTerugstuuroptie(o)}</span>
              <span>{TERUGSTUUROPTIE_MEANING[o]}</span>
            </label>
          ))}
          {error && <p className="field-error">{error}</p>}
        </fieldset>
        <div className="preview" aria-labelledby={`${previewId}-title`}>
          <h4 id={`${previewId}-title`}>Voorbeeld</h4>
          <div className="inline-field">
            <label htmlFor="numo-test-level">Toetsniveau</label>
            <select id="numo-test-level" value={testLevel} onChange={(e) => setTestLevel(e.target.value as NumoLevel)} data-testid="test-level">
              {NUMO_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {NUMO_LEVEL_LABELS[l]}
                </option>
              ))}
            </select>
          </div>
          <p className="preview-text" aria-live="polite" data-testid="preview-text">
            {value === null ? 'Kies een terugstuuroptie; dan zie je hier welke resultaten naar Numo gaan.' : describeTerugstuuroptie(testLevel, value)}
          </p>
          <ol className="ladder" aria-label="Niveaus, hoogste bovenaan" data-testid="ladder">
            {rungs.map((rung) => (
              <li
                key={rung.level}
                className={`rung ${rung.forwarded ? 'rung-forwarded' : 'rung-not'} ${rung.isTestLevel ? 'rung-test' : ''}`}
                data-level={rung.level}
                data-forwarded={rung.forwarded}
              >
                <span className="rung-mark" aria-hidden="true">
                  {rung.forwarded ? '✓' : '–'}
                </span>
                <span className="rung-label">{rung.label}</span>
                <span className="rung-offset subtle">{rung.isTestLevel ? 'toetsniveau' : rung.offset > 0 ? `${rung.offset} boven` : `${-rung.offset} onder`}</span>
                <span className="rung-state">{rung.forwarded ? 'gaat naar Numo' : 'gaat niet naar Numo'}</span>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </div>
  );
}

/** How many pupils of the confirmed import Numo can match, and who cannot be coupled. */
export function Matching({ view, onImport }: { view: NumoView; onImport: () => void }) {
  const m = view.matching;
  return (
    <div className="card no-print" data-testid="matching">
      <h3>Koppelen op leerlingnummer of eck-id</h3>
      <p>
        Numo koppelt een leerling aan de Cito-resultaten op het leerlingnummer (de gebruikersnaam in Numo) of op de eck-id. Een leerling die
        geen van beide heeft, kan niet gekoppeld worden.
      </p>
      {!m.hasConfirmedImport ? (
        <EmptyState title="Nog geen bevestigd bestand" testId="matching-empty">
          <p>Importeer en bevestig eerst het EDEXML-bestand van deze locatie; dan zie je hier hoeveel leerlingen te koppelen zijn.</p>
          <button type="button" className="button button-primary" onClick={onImport}>
            Naar stap 2: importeren
          </button>
        </EmptyState>
      ) : (
        <>
          <dl className="figures" data-testid="matching-figures">
            <div>
              <dt>Leerlingen{m.schooljaar ? ` (${m.schooljaar})` : ''}</dt>
              <dd data-testid="matching-pupils">{formatNumber(m.pupils)}</dd>
            </div>
            <div>
              <dt>Met leerlingnummer</dt>
              <dd data-testid="matching-gebruikersnaam">{formatNumber(m.withGebruikersnaam)}</dd>
            </div>
            <div>
              <dt>Met eck-id</dt>
              <dd data-testid="matching-eckid">{formatNumber(m.withEckid)}</dd>
            </div>
            <div className={m.withNeither > 0 ? 'figure-bad' : 'figure-ok'}>
              <dt>Met geen van beide</dt>
              <dd data-testid="matching-neither">{formatNumber(m.withNeither)}</dd>
            </div>
          </dl>
          {m.withNeither === 0 ? (
            <p className="status-ok" data-testid="matching-all">
              Alle leerlingen zijn te koppelen.
            </p>
          ) : (
            <>
              <p className="warning-text" data-testid="matching-warning">
                {count(m.withNeither, 'leerling heeft', 'leerlingen hebben')} geen leerlingnummer en geen eck-id en {m.withNeither === 1 ? 'kan' : 'kunnen'}{' '}
                niet gekoppeld worden. Vul het leerlingnummer of de eck-id aan in het leerlingadministratiesysteem en importeer opnieuw.
              </p>
              {m.withNeither > m.unmatchable.length && (
                <p className="hint">
                  De eerste {formatNumber(m.unmatchable.length)} van {formatNumber(m.withNeither)} staan hieronder.
                </p>
              )}
              <VirtualList<UnmatchablePupil>
                items={m.unmatchable}
                label="Leerlingen die niet te koppelen zijn"
                rowHeight={40}
                maxHeight={320}
                getKey={(p) => p.key}
                testId="unmatchable-list"
                render={(p) => (
                  <>
                    <span className="cell-name">{p.name}</span>
                    <span className="cell-class">{p.groep ?? 'geen klas'}</span>
                    <span className="cell-key">{p.key}</span>
                  </>
                )}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** The filled-in registration as the request needs it; the one part of this screen that is printed. */
export function Summary({ view, locationName }: { view: NumoView; locationName: string }) {
  const mode = useShell((s) => s.info?.mode);
  const r = view.registration;
  return (
    <div className="card print-summary" data-testid="numo-summary">
      <div className="card-title-row">
        <h3>Samenvatting voor de aanvraag bij Cito</h3>
        {r && (
          <button type="button" className="button no-print" onClick={() => window.print()} data-testid="numo-print">
            Afdrukken
          </button>
        )}
      </div>
      {!r ? (
        <EmptyState title="Nog geen aanmelding opgeslagen" testId="numo-summary-empty">
          <p>Vul de aanmelding hierboven in en sla haar op; dan staat hier een samenvatting om af te drukken of als PDF te bewaren.</p>
        </EmptyState>
      ) : (
        <>
          <p className="subtle no-print" data-testid="numo-pdf-hint">Afdrukken of als PDF bewaren ({pdfHint(mode, navigator.platform)}) voor het formulier op cito.nl/cito-numo.</p>
          <dl className="summary-list">
            <dt>Locatie</dt>
            <dd>{locationName}</dd>
            <dt>Klantnummer</dt>
            <dd>{r.klantnummer}</dd>
            <dt>BRIN nummer</dt>
            <dd>{r.brin6}</dd>
            <dt>School/onderwijsorganisatie</dt>
            <dd>{r.schoolnaam}</dd>
            <dt>Aanhef</dt>
            <dd>{AANHEF_LABEL[r.aanhef]}</dd>
            <dt>Voornaam</dt>
            <dd>{r.voornaam}</dd>
            <dt>Achternaam</dt>
            <dd>{r.achternaam}</dd>
            <dt>E-mail</dt>
            <dd>{r.email}</dd>
            <dt>Maximum niveau</dt>
            <dd>{NUMO_LEVEL_LABELS[r.maximumNiveau]}</dd>
            <dt>Korte schoolnaam Numo</dt>
            <dd>{r.korteSchoolnaam}</dd>
            <dt>Terugstuuroptie</dt>
            <dd>
              {formatTerugstuuroptie(r.terugstuuroptie as Terugstuuroptie)}: {TERUGSTUUROPTIE_MEANING[r.terugstuuroptie as Terugstuuroptie]}
            </dd>
          </dl>
        </>
      )}
    </div>
  );
}
