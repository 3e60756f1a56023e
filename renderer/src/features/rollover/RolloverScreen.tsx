import { useMemo, useState } from 'react';
import type { RolloverPlanView } from '../../../../shared/bridge';
import { useAction } from '../../hooks/useAction';
import { useQuery } from '../../hooks/useQuery';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { formatDateTime } from '../../format';
import { nameList } from '../../../../shared/domain/readiness';
import { call, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';

type Choice = 'standaard' | 'file' | 'follow' | 'name';
type Strategies = Array<'file' | 'follow' | 'name'>;

/** What each choice asks of the plan (shared/domain/succession.ts): "Volgens het bestand" falls back to the pupils. */
const STRATEGIES_OF: Record<Exclude<Choice, 'standaard'>, Strategies> = { file: ['file', 'follow'], follow: ['follow'], name: ['name'] };
const CHOICE_LABEL: Record<Choice, string> = {
  standaard: 'Voorstel',
  file: 'Volgens het bestand',
  follow: 'Klas volgt leerlingen',
  name: 'Zelfde naam',
};
const REASON_CLASS: Record<string, string> = {
  'volgens het bestand': 'badge-own',
  'klas volgt leerlingen': 'badge-done',
  'zelfde naam': 'badge-warning',
  blijft: 'badge-invite-not-invited',
  vervalt: 'badge-error',
};

type Role = RolloverPlanView['colleagues'][number]['roles'][number];

/**
 * "Nieuw schooljaar" (issue 37): every colleague's classes carried into the confirmed file from its own evidence —
 * reviewed as one plan (per role, or in bulk per kind of role), applied as one change, undone as one.
 */
export function RolloverScreen() {
  const location = useCurrentLocation()!;
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const request = useMemo(
    () => ({
      brin6: location.brin6,
      choices: Object.entries(choices)
        .filter(([, c]) => c !== 'standaard')
        .map(([key, c]) => ({ userId: key.slice(0, key.lastIndexOf('/')), roleIndex: Number(key.slice(key.lastIndexOf('/') + 1)), strategies: STRATEGIES_OF[c as Exclude<Choice, 'standaard'>] })),
    }),
    [location.brin6, choices],
  );
  const query = useQuery('rollover:get-plan', request);
  const plan = query.data;
  const action = useAction();
  const refreshLocations = useShell((s) => s.refreshLocations);

  const chooseAll = (kind: Role['kind'], choice: Choice) => {
    if (!plan) return;
    const next = { ...choices };
    for (const c of plan.colleagues) for (const r of c.roles) if (r.kind === kind) next[`${c.id}/${r.index}`] = choice;
    setChoices(next);
  };

  async function apply() {
    if (!plan?.revision) return;
    const revision = plan.revision;
    const applied = await action.run(() => call('rollover:apply', { ...request, revision }), {
      toast: `De klassen van ${plan.changes === 1 ? '1 collega zijn' : `${plan.changes} collega's zijn`} bijgewerkt; terugdraaien kan hier.`,
      // The plan changed since it was shown (another file, other roles): the refusal says so, and the plan is shown anew.
      onError: (error) => {
        if (error.issues?.some((issue) => issue.path[0] === 'revision')) query.reload();
      },
    });
    if (applied) {
      query.setData(applied);
      setChoices({});
      void refreshLocations();
    }
  }

  async function undo() {
    const undone = await action.run(() => call('rollover:undo', { brin6: location.brin6 }), {
      toast: (value) =>
        `De klassen van de collega's staan weer zoals vóór het plan.${
          value.kept.length > 0 ? ` Niet teruggedraaid, want na het plan gewijzigd: ${nameList(value.kept.map((k) => k.name))}.` : ''
        }`,
    });
    if (undone) {
      query.setData(undone);
      void refreshLocations();
    }
  }

  return (
    <section className="screen" aria-labelledby="screen-title" data-testid="rollover">
      <ScreenTitle>Nieuw schooljaar: klassen van collega&apos;s</ScreenTitle>
      <ErrorNotice error={query.error ?? action.error} onDismiss={() => action.setError(null)} />
      {!plan ? (
        <Spinner label="Het plan wordt opgesteld…" />
      ) : !plan.available ? (
        <EmptyState title="Nog geen nieuw schooljaar om over te zetten" testId="rollover-empty">
          <p>{plan.reason}</p>
        </EmptyState>
      ) : (
        <>
          <p className="lead">
            Van {plan.from?.schooljaar} naar {plan.to?.schooljaar}: de klassen van elke collega volgen wat het bestand zelf zegt — de klassen die het bij de
            leerkracht noemt, of de klas waar de leerlingen heen gingen. Een klas zonder duidelijke opvolger vervalt; er wordt niets stil geraden.
          </p>
          {plan.undo && (
            <Notice level="info" testId="rollover-undo">
              <span>
                Uitgevoerd op {formatDateTime(plan.undo.appliedAt)} voor {plan.undo.colleagues === 1 ? '1 collega' : `${plan.undo.colleagues} collega's`}.{' '}
              </span>
              <button type="button" className="button button-small" onClick={() => void undo()} disabled={action.busy} data-testid="rollover-undo-button">
                Terugdraaien
              </button>
            </Notice>
          )}
          <div className="rollover-bulk" role="group" aria-label="Voor iedereen tegelijk">
            <BulkChoice label="Alle leerlingbegeleiders" onChoose={(c) => chooseAll('leerlingbegeleider', c)} testId="bulk-leerlingbegeleider" />
            <BulkChoice label="Alle vakdocenten" onChoose={(c) => chooseAll('vakdocent', c)} testId="bulk-vakdocent" />
          </div>
          <RolloverTable plan={plan} choices={choices} onChoose={(key, c) => setChoices({ ...choices, [key]: c })} />
          {plan.seeNothing.length > 0 && (
            <Notice level="warning" testId="rollover-see-nothing">
              Zien daarna niets: {plan.seeNothing.map((s) => s.name).join(', ')}. Kies voor hen een andere bron, of geef ze klassen bij Rollen en klassen.
            </Notice>
          )}
          {plan.uncovered.length > 0 && (
            <Notice level="warning" testId="rollover-uncovered">
              Klassen waarin niemand iets ziet: {plan.uncovered.map((k) => k.naam).join(', ')}.
            </Notice>
          )}
          <details className="step-help">
            <summary>Waar de leerlingen van elke klas heen gingen</summary>
            <ul className="rollover-succession" data-testid="rollover-succession">
              {plan.succession.map((s) => (
                <li key={s.from.key}>{s.line}</li>
              ))}
            </ul>
          </details>
          <div className="actions">
            <button type="button" className="button button-primary" onClick={() => void apply()} disabled={action.busy || plan.changes === 0} data-testid="rollover-apply">
              {plan.changes === 0 ? 'Niets te wijzigen' : `Toepassen voor ${plan.changes === 1 ? '1 collega' : `${plan.changes} collega's`}`}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function BulkChoice({ label, onChoose, testId }: { label: string; onChoose: (choice: Choice) => void; testId: string }) {
  return (
    <label className="rollover-bulk-choice">
      {label}:{' '}
      <select defaultValue="" onChange={(e) => e.target.value && onChoose(e.target.value as Choice)} data-testid={testId}>
        <option value="" disabled>
          kies…
        </option>
        {(Object.keys(CHOICE_LABEL) as Choice[]).map((c) => (
          <option key={c} value={c}>
            {CHOICE_LABEL[c]}
          </option>
        ))}
      </select>
    </label>
  );
}

function RolloverTable({ plan, choices, onChoose }: { plan: RolloverPlanView; choices: Record<string, Choice>; onChoose: (key: string, choice: Choice) => void }) {
  const rows = plan.colleagues.flatMap((c) => c.roles.map((r) => ({ c, r })));
  if (rows.length === 0) return <EmptyState title="Geen collega's met klassen" testId="rollover-no-roles" />;
  return (
    <div className="table-scroll">
      <table className="history-table rollover-table" data-testid="rollover-table">
        <thead>
          <tr>
            <th scope="col">Collega</th>
            <th scope="col">Rol</th>
            <th scope="col">Nu</th>
            <th scope="col">Straks</th>
            <th scope="col">Bron</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ c, r }) => {
            const key = `${c.id}/${r.index}`;
            return (
              <tr key={key} data-testid="rollover-row" data-user={c.name}>
                <th scope="row">{c.name}</th>
                <td>{r.label}</td>
                <td>{r.current.map((k) => k.naam).join(', ') || '—'}</td>
                <td>
                  {r.reasons.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="rollover-reasons">
                      {r.reasons.map((x, i) => (
                        <li key={i}>
                          {x.to ? x.to.naam : <s>{x.from?.naam}</s>} <span className={`badge ${REASON_CLASS[x.reason] ?? ''}`}>{x.reason}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <select aria-label={`Bron voor ${c.name}, ${r.label}`} value={choices[key] ?? 'standaard'} onChange={(e) => onChoose(key, e.target.value as Choice)} data-testid="rollover-choice">
                    {(Object.keys(CHOICE_LABEL) as Choice[]).map((choice) => (
                      <option key={choice} value={choice} disabled={choice === 'file' && !r.fileKnown}>
                        {CHOICE_LABEL[choice]}
                        {choice === 'file' && !r.fileKnown ? ' (niet in het bestand)' : ''}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
