import { useQuery } from '../../hooks/useQuery';
import { useMemo, useRef, useState } from 'react';
import type { BridgeError } from '../../../../shared/bridge';
import type { AllowlistView, ThisPcCheck } from '../../../../shared/bridge/allowlist';
import { isExpired, localIsoDate, parsePublicAddress, validateAllowlist } from '../../../../shared/domain/ip';
import type { AllowlistProblem } from '../../../../shared/domain/ip';
import { ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { count } from '../../format';
import { useAction } from '../../hooks/useAction';
import { call } from '../../store';
import { useCurrentLocation } from '../../connection';
import { DocumentSyncBadge } from '../../components/document-parts';

interface Row {
  /** Local key for React and focus; not saved. */
  readonly id: number;
  readonly address: string;
  readonly label: string;
  readonly until: string;
}

type RowField = 'address' | 'label' | 'until';

let nextRowId = 1;

function rowsFrom(view: AllowlistView): Row[] {
  return view.entries.map((e) => ({ id: nextRowId++, address: e.address, label: e.label ?? '', until: e.until ?? '' }));
}

function sameList(rows: readonly Row[], view: AllowlistView): boolean {
  return (
    rows.length === view.entries.length &&
    rows.every((r, i) => {
      const e = view.entries[i]!;
      return r.address === e.address && r.label === (e.label ?? '') && r.until === (e.until ?? '');
    })
  );
}

function toInput(rows: readonly Row[]) {
  return rows.map((r) => ({ address: r.address, label: r.label.trim() === '' ? null : r.label, until: r.until.trim() === '' ? null : r.until }));
}

/**
 * Test-taking security (seed 002): the public addresses of this location from which pupils may start a test.
 * Rows are edited here and checked live with the same rule main saves with; the list is saved (and synced) as a whole.
 */
export function AllowlistScreen() {
  const location = useCurrentLocation()!;
  const [rows, setRows] = useState<Row[]>([]);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [ownError, setError] = useState<BridgeError | null>(null);
  const saveAction = useAction();
  const checkAction = useAction();
  const [check, setCheck] = useState<ThisPcCheck | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const loaded = useRef(false);
  const dirtyRef = useRef(false);
  const tableRef = useRef<HTMLTableElement>(null);
  const today = localIsoDate(new Date());

  const query = useQuery('allowlist:get', { brin6: location.brin6 }, {
    reloadOnSync: true,
    onData: (value) => {
      // Later reloads (sync status: the service's list may have been adopted) replace the rows only while nothing is
      // being edited, and only when the list differs (so a focused field is not re-created for nothing).
      if (!loaded.current || !dirtyRef.current) {
        loaded.current = true;
        setRows((current) => (sameList(current, value) ? current : rowsFrom(value)));
      }
    },
  });
  const view: AllowlistView | null = query.data;
  const setView = query.setData;
  const error: BridgeError | null = ownError ?? query.error;

  const validation = useMemo(() => validateAllowlist(toInput(rows), { today, kept: view?.entries ?? [] }), [rows, today, view]);
  const problems = useMemo(() => {
    const map = new Map<string, AllowlistProblem>();
    if (!validation.ok) for (const p of validation.problems) if (!map.has(`${p.index}:${p.field}`)) map.set(`${p.index}:${p.field}`, p);
    return map;
  }, [validation]);

  /** A problem shows once the field has content, was left, or a save was tried (an empty new row is not yet wrong). */
  function shownProblem(index: number, field: RowField): AllowlistProblem | undefined {
    const p = problems.get(`${index}:${field}`);
    if (!p) return undefined;
    const row = rows[index];
    if (!row) return p;
    if (attempted || row[field].trim() !== '' || touched.has(`${row.id}:${field}`)) return p;
    return undefined;
  }

  function update(id: number, field: RowField, value: string) {
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, [field]: value } : r)));
    setDirty(true);
    dirtyRef.current = true;
  }

  function addRow(address = '', label = '') {
    const row: Row = { id: nextRowId++, address, label, until: '' };
    setRows((rs) => [...rs, row]);
    setDirty(true);
    dirtyRef.current = true;
    if (address === '') {
      // Focus the new row's address field once it is rendered.
      setTimeout(() => tableRef.current?.querySelector<HTMLInputElement>(`#ip-address-${row.id}`)?.focus(), 0);
    }
  }

  function removeRow(id: number) {
    setRows((rs) => rs.filter((r) => r.id !== id));
    setDirty(true);
    dirtyRef.current = true;
  }

  async function save() {
    if (saveAction.busy) return;
    setAttempted(true);
    if (!validation.ok) {
      const first = validation.problems[0]!;
      const row = rows[first.index];
      if (row) tableRef.current?.querySelector<HTMLInputElement>(`#ip-${first.field}-${row.id}`)?.focus();
      return;
    }
    const saved = await saveAction.run(() => call('allowlist:save', { brin6: location.brin6, entries: toInput(rows) }), {
      toast: (value) => `Lijst opgeslagen: ${count(value.entries.length, 'adres', 'adressen')}.`,
    });
    if (!saved) return;
    setView(saved);
    setRows(rowsFrom(saved));
    setTouched(new Set());
    setAttempted(false);
    setDirty(false);
    dirtyRef.current = false;
    setAdded(null);
  }

  async function checkThisPc() {
    setCheck(null);
    setAdded(null);
    const checked = await checkAction.run(() => call('allowlist:check-this-pc', { brin6: location.brin6 }));
    if (checked) setCheck(checked);
  }

  if (view === null) {
    return (
      <section className="screen" aria-labelledby="screen-title">
        <ScreenTitle>Toetsbeveiliging: IP-adressen</ScreenTitle>
        <ErrorNotice error={error} />
        {!error && <Spinner label="Lijst laden…" />}
      </section>
    );
  }

  const expiredCount = rows.filter((r) => isExpired(r.until.trim() || null, today)).length;
  const problemCount = validation.ok ? 0 : validation.problems.length;
  // Whether the checked address is on the list follows the saved list (after "Lijst opslaan", and when sync adopts the
  // service's copy), not the answer the check gave before it.
  const checkOnList = check !== null && view.entries.some((e) => e.address === check.address);
  // Is the checked address in the rows on screen (saved or not)?
  const checkedInRows =
    check !== null && rows.some((r) => {
      const parsed = parsePublicAddress(r.address);
      return parsed.ok && parsed.address === check.address;
    });

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle>Toetsbeveiliging: IP-adressen</ScreenTitle>
      <p className="lead">
        Leerlingen mogen de toetsen alleen binnen het netwerk van de school maken. Het toetsplatform kijkt daarvoor naar het <strong>publieke</strong>{' '}
        IP-adres waarmee de school op internet komt, niet naar het adres van een pc in het schoolnetwerk. Zet hier de publieke adressen van{' '}
        {location.name}; mag een leerling op een andere plek een toets maken, voeg dat adres dan toe met een einddatum.
      </p>
      <ErrorNotice error={saveAction.error ?? error} onDismiss={() => {
          saveAction.setError(null);
          setError(null);
          query.dismiss();
        }} />

      <div className="card" data-testid="check-this-pc">
        <h3>Controleer dit adres</h3>
        <p>
          Doe dit op de schoollocatie zelf: de centrale dienst zegt welk adres hij van deze pc ziet, en de console zegt of dat adres op de lijst
          staat.
        </p>
        <div className="actions">
          <button type="button" className="button" onClick={() => void checkThisPc()} disabled={checkAction.busy} data-testid="check-address">
            {checkAction.busy ? 'Bezig met controleren…' : 'Controleer dit adres'}
          </button>
        </div>
        <ErrorNotice error={checkAction.error} onDismiss={() => checkAction.setError(null)} />
        {check && (
          <div className="check-result" data-testid="check-result" role="status">
            <p>
              De centrale dienst ziet deze pc als <strong className="code" data-testid="check-seen">{check.address}</strong>.
            </p>
            {check.problem ? (
              <p className="warning-text" data-testid="check-problem">
                {check.problem}
              </p>
            ) : checkOnList ? (
              <p className="status-ok" data-testid="check-on-list">
                ✓ Dit adres staat op de lijst: leerlingen kunnen vanaf hier toetsen maken.
              </p>
            ) : checkedInRows ? (
              <p className="warning-text" data-testid="check-added">
                Dit adres staat in de lijst hieronder, maar is nog niet opgeslagen. Klik op ‘Lijst opslaan’.
              </p>
            ) : (
              <>
                <p className="warning-text" data-testid="check-not-on-list">
                  Dit adres staat niet op de lijst: vanaf hier kunnen leerlingen geen toets starten.
                </p>
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => {
                    addRow(check.address, `Gecontroleerd op ${today}`);
                    setAdded(check.address);
                  }}
                  data-testid="check-add"
                >
                  Toevoegen aan de lijst
                </button>
              </>
            )}
          </div>
        )}
      </div>

      <div className="card" data-testid="allowlist">
        <div className="card-title-row">
          <h3>Toegestane adressen ({rows.length})</h3>
          <DocumentSyncBadge sync={view.sync} updatedAt={view.updatedAt} testId="allowlist-sync" />
        </div>
        {added && (
          <Notice level="info" testId="allowlist-added">
            {added} is toegevoegd. Klik op ‘Lijst opslaan’ om de lijst te bewaren.
          </Notice>
        )}
        {expiredCount > 0 && (
          <p className="warning-text" data-testid="allowlist-expired">
            {count(expiredCount, 'adres is', 'adressen zijn')} verlopen: de einddatum is voorbij. Verwijder {expiredCount === 1 ? 'het' : 'ze'} uit de
            lijst en sla op.
          </p>
        )}
        {rows.length === 0 ? (
          <p className="hint" data-testid="allowlist-empty">
            Nog geen adressen. Voeg het publieke adres van de school toe, of gebruik ‘Controleer dit adres’ op de locatie zelf.
          </p>
        ) : (
          <table className="ip-table" ref={tableRef} data-testid="allowlist-rows">
            <thead>
              <tr>
                <th scope="col">Publiek IP-adres</th>
                <th scope="col">Omschrijving (niet verplicht)</th>
                <th scope="col">Tot en met (niet verplicht)</th>
                <th scope="col">
                  <span className="visually-hidden">Acties</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const expired = isExpired(row.until.trim() || null, today);
                const cell = (field: RowField, label: string, type: string, placeholder?: string) => {
                  const problem = shownProblem(index, field);
                  const id = `ip-${field}-${row.id}`;
                  return (
                    <td>
                      <input
                        id={id}
                        type={type}
                        value={row[field]}
                        placeholder={placeholder}
                        aria-label={`${label}, regel ${index + 1}`}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? `${id}-error` : undefined}
                        onChange={(e) => update(row.id, field, e.target.value)}
                        onBlur={() => setTouched((t) => new Set(t).add(`${row.id}:${field}`))}
                        data-testid={`ip-${field}`}
                        spellCheck={false}
                      />
                      {problem && (
                        <p id={`${id}-error`} className="field-error" data-testid={`ip-${field}-error`}>
                          {problem.message}
                        </p>
                      )}
                    </td>
                  );
                };
                return (
                  <tr key={row.id} className={expired ? 'row-expired' : undefined} data-testid="ip-row">
                    {cell('address', 'IP-adres', 'text', 'bijv. 145.12.34.56')}
                    {cell('label', 'Omschrijving', 'text')}
                    {cell('until', 'Tot en met', 'date')}
                    <td className="ip-actions">
                      {expired && (
                        <span className="badge badge-expired" data-testid="ip-expired">
                          verlopen — verwijderen?
                        </span>
                      )}
                      <button type="button" className="button button-small button-quiet" onClick={() => removeRow(row.id)} data-testid="ip-remove">
                        Verwijderen<span className="visually-hidden"> regel {index + 1}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={() => addRow()} data-testid="ip-add-row">
            Adres toevoegen
          </button>
          <button type="button" className="button button-primary" onClick={() => void save()} aria-disabled={saveAction.busy || undefined} data-testid="allowlist-save">
            {saveAction.busy ? 'Bezig…' : 'Lijst opslaan'}
          </button>
          {attempted && problemCount > 0 && (
            <span className="field-error" role="alert" data-testid="allowlist-problems">
              Niet opgeslagen: {count(problemCount, 'melding', 'meldingen')} bij de velden hierboven.
            </span>
          )}
          {dirty && !(attempted && problemCount > 0) && (
            <span className="warning-text" data-testid="allowlist-dirty">
              Niet opgeslagen wijzigingen
            </span>
          )}
        </div>
      </div>
    </section>
  );
}
