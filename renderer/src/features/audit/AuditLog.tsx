import { useState } from 'react';
import type { AuditEntry, BridgeError } from '../../../../shared/bridge';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState, ErrorNotice, ScreenTitle, Spinner } from '../../components/ui';
import { count, formatDateTime } from '../../format';
import { call } from '../../store';
import { useCurrentLocation } from '../../connection';
import { downloadText } from '../../components/document-parts';
import { useQuery } from '../../hooks/useQuery';

/** The audit log of this location: who changed what, when; exportable as CSV. */
export function AuditLog() {
  const location = useCurrentLocation()!;
  const query = useQuery('audit:list', { brin6: location.brin6 }, { reloadOnSync: true });
  const entries: AuditEntry[] | null = query.data;
  const [exportError, setError] = useState<BridgeError | null>(null);
  const error = exportError ?? query.error;

  async function exportCsv() {
    const result = await call('audit:export-csv', { brin6: location.brin6 });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // A download of our own text (a blob link with a file name, no navigation); the BOM is for Excel.
    downloadText(`\ufeff${result.value.csv}`, result.value.fileName, 'text/csv;charset=utf-8');
  }

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle>Logboek</ScreenTitle>
      <p className="lead">
        Elke wijziging in {location.name} ({location.brin6}): wie, wanneer en wat. Alleen op deze pc bewaard; exporteer het voor je administratie.
      </p>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      <div className="actions">
        <button type="button" className="button" onClick={() => void exportCsv()} disabled={!entries || entries.length === 0} data-testid="audit-export">
          Exporteren als CSV
        </button>
      </div>
      {entries === null ? (
        <Spinner label="Logboek laden…" />
      ) : entries.length === 0 ? (
        <EmptyState title="Nog niets veranderd in deze locatie" testId="audit-empty" />
      ) : (
        <div className="card">
          <h3 className="section-heading">{count(entries.length, 'wijziging', 'wijzigingen')}</h3>
          <VirtualList<AuditEntry>
            items={entries}
            label="Logboek"
            rowHeight={56}
            dynamic
            getKey={(e) => String(e.id)}
            testId="audit-list"
            render={(e) => (
              <div className="audit-row">
                <span className="subtle audit-when">{formatDateTime(e.at)}</span>
                <span className="audit-who">{e.actor}</span>
                <span>
                  <strong>{e.action}</strong> {e.summary}
                </span>
              </div>
            )}
          />
        </div>
      )}
    </section>
  );
}
