import type { BridgeError, Roster, RosterClass, RosterPupil } from '../../../../shared/bridge';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState, ErrorNotice, Spinner } from '../../components/ui';
import { formatNumber } from '../../format';
import { useLocation } from '../../store';
import { useQuery } from '../../hooks/useQuery';

/** Parts of steps 4 and 5: the pupils of one chosen class, compared with the service. */
const PUPIL_STATUS: Record<RosterPupil['status'], string> = {
  ok: 'aanwezig',
  missing: 'ontbreekt bij de dienst',
  extra: 'niet in het bestand',
};

/** The right-hand card of steps 4 and 5: the chosen class's pupils, or a hint to choose one. */
export function ClassPupilsCard({ roster, selected, hint }: { roster: Roster; selected: string | null; hint: string }) {
  return (
    <div className="card">
      {selected ? (
        <ClassPupils classKey={selected} klass={roster.classes.find((c) => c.key === selected) ?? null} />
      ) : (
        <EmptyState title="Kies een klas">
          <p>{hint}</p>
        </EmptyState>
      )}
    </div>
  );
}

function ClassPupils({ classKey, klass }: { classKey: string; klass: RosterClass | null }) {
  const brin6 = useLocation((s) => s.brin6);
  const query = useQuery('roster:get-class-pupils', brin6 ? { brin6, classKey } : null);
  const error: BridgeError | null = query.error;
  const list: RosterPupil[] | null = query.data;
  return (
    <div data-testid="class-pupils">
      <h3 className="section-heading">
        {klass?.naam ?? classKey}
        {klass && klass.status !== 'ok' && (
          <span className="subtle">
            {' '}
            · {klass.missing > 0 && `${formatNumber(klass.missing)} ${klass.missing === 1 ? 'ontbreekt' : 'ontbreken'}`}
            {klass.missing > 0 && klass.extra > 0 && ', '}
            {klass.extra > 0 && `${formatNumber(klass.extra)} te veel`}
          </span>
        )}
      </h3>
      <ErrorNotice error={error} />
      {klass?.samengesteld && <p className="hint">Clustergroep: de dienst geeft alleen het aantal, dus de vergelijking is op aantallen.</p>}
      {list === null ? <Spinner label="Leerlingen laden…" /> : <PupilList pupils={list} label={`Leerlingen van ${klass?.naam ?? classKey}`} />}
    </div>
  );
}

export function PupilList({ pupils, label }: { pupils: readonly RosterPupil[]; label: string }) {
  if (pupils.length === 0) return <p className="hint">Geen leerlingen.</p>;
  return (
    <VirtualList<RosterPupil>
      items={pupils}
      label={label}
      getKey={(p) => `${p.status}:${p.key}`}
      testId="pupil-list"
      rowClassName={(p) => `row-${p.status === 'ok' ? 'ok' : 'bad'}`}
      render={(p) => (
        <>
          <span className="cell-name">
            <span className={`dot dot-${p.status === 'ok' ? 'ok' : 'bad'}`} aria-hidden="true" />
            {p.name}
          </span>
          <span className="cell-class">{p.groepNaam ?? p.groep ?? 'geen klas'}</span>
          <span className={`cell-status status-${p.status}`} data-testid="pupil-status">
            {PUPIL_STATUS[p.status]}
          </span>
        </>
      )}
    />
  );
}

