import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { BridgeError } from '../../../../shared/bridge';
import type { PlanTask, PlanTaskInput, SchoolYearPlan } from '../../../../shared/bridge/plan';
import { schoolYearOf } from '../../../../shared/domain/school-year';
import { PLAN_ROLES, PLAN_ROLE_INFO } from '../../../../shared/domain/plan';
import type { PlanRole } from '../../../../shared/domain/plan';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAction } from '../../hooks/useAction';
import { ErrorNotice, ScreenTitle, Spinner } from '../../components/ui';
import { count, formatDay, formatNumber } from '../../format';
import { DateInput } from '../../components/DateField';
import { call } from '../../store';
import { useCurrentLocation } from '../../connection';
import { useQuery } from '../../hooks/useQuery';

type Filter = 'all' | 'open' | 'overdue';

/** The current school year, the next and the previous (the plan of next year is made before the summer). */
function yearChoices(now: Date): string[] {
  const current = schoolYearOf(now);
  const start = Number(current.slice(0, 4));
  return [`${start - 1}-${start}`, current, `${start + 1}-${start + 2}`];
}

function inputOf(task: PlanTask): PlanTaskInput {
  return { id: task.id, title: task.title, ownerRole: task.ownerRole, due: task.due, done: task.done, note: task.note };
}


/**
 * The school-year plan for Leerling in beeld VO (seed 001): who does what, per role, as a checklist per school year
 * of this location. The seed's tasks are there from the start; the school adds its own. What is overdue stands out.
 */
export function PlanScreen() {
  const location = useCurrentLocation()!;
  const years = useMemo(() => yearChoices(new Date()), []);
  const [schooljaar, setSchooljaar] = useState(years[1]!);
  const query = useQuery('plan:get', { brin6: location.brin6, schooljaar });
  const plan: SchoolYearPlan | null = query.data;
  const setPlan = query.setData;
  const error: BridgeError | null = query.error;
  const [filter, setFilter] = useState<Filter>('all');
  const [removing, setRemoving] = useState<PlanTask | null>(null);
  const action = useAction();

  async function saveTask(task: PlanTaskInput): Promise<boolean> {
    const saved = await action.run(() => call('plan:save-task', { brin6: location.brin6, schooljaar, task }));
    if (!saved) return false;
    setPlan(saved);
    return true;
  }

  async function remove(task: PlanTask) {
    setRemoving(null);
    const after = await action.run(() => call('plan:remove-task', { brin6: location.brin6, schooljaar, id: task.id }), { toast: `Taak “${task.title}” is verwijderd.` });
    if (after) setPlan(after);
  }

  const shown = (plan?.tasks ?? []).filter((t) => (filter === 'all' ? true : filter === 'open' ? !t.done : t.overdue));
  const filters: Array<[Filter, string]> = [
    ['all', `Alle taken (${formatNumber(plan?.counts.total ?? 0)})`],
    ['open', `Open (${formatNumber(plan ? plan.counts.total - plan.counts.done : 0)})`],
    ['overdue', `Alleen te laat (${formatNumber(plan?.counts.overdue ?? 0)})`],
  ];

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle>Jaarplan Leerling in beeld VO</ScreenTitle>
      <p className="lead">
        Wie doet wat rond Leerling in beeld VO op Woots, per schooljaar voor {location.name}: de rollen en taken uit het stappenplan van Cito en
        Woots, aangevuld met je eigen taken. Kies per taak een datum, vink af wat klaar is en noteer wat nodig is. Dit jaarplan blijft op deze pc.
      </p>
      <ErrorNotice error={action.error ?? error} onDismiss={() => {
          action.setError(null);
          query.dismiss();
        }} />

      <div className="card plan-tools">
        <div className="inline-fields">
          <label className="inline-field">
            <span>Schooljaar</span>
            <select value={schooljaar} onChange={(e) => {
                setSchooljaar(e.target.value);
              }} data-testid="plan-year">
              {years.map((y, i) => (
                <option key={y} value={y}>
                  {y}
                  {i === 1 ? ' (dit schooljaar)' : i === 0 ? ' (vorig schooljaar)' : ' (volgend schooljaar)'}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="segmented" data-testid="plan-filter">
            <legend className="visually-hidden">Toon</legend>
            {filters.map(([value, label]) => (
              <label key={value} className={filter === value ? 'is-active' : ''}>
                <input type="radio" name="plan-filter" value={value} checked={filter === value} onChange={() => setFilter(value)} />
                {label}
              </label>
            ))}
          </fieldset>
        </div>
        {plan && (
          <p className="plan-counts" data-testid="plan-counts">
            <strong>
              {formatNumber(plan.counts.done)} van {count(plan.counts.total, 'taak', 'taken')} klaar
            </strong>
            {plan.counts.overdue > 0 ? (
              <span className="overdue-text" data-testid="plan-overdue-count">
                {' '}
                · {count(plan.counts.overdue, 'taak is', 'taken zijn')} te laat
              </span>
            ) : (
              <span className="subtle"> · niets te laat</span>
            )}
          </p>
        )}
      </div>

      {plan === null ? (
        !error && <Spinner label="Jaarplan laden…" />
      ) : (
        <>
          {shown.length === 0 && (
            <p className="hint" data-testid="plan-none">
              {filter === 'overdue' ? 'Er is niets te laat.' : 'Alle taken zijn afgerond.'}
            </p>
          )}
          {PLAN_ROLES.map((role) => {
            const tasks = shown.filter((t) => t.ownerRole === role);
            if (tasks.length === 0) return null;
            const info = PLAN_ROLE_INFO[role];
            const all = plan.tasks.filter((t) => t.ownerRole === role);
            return (
              <section key={role} className="card plan-role" aria-labelledby={`role-${role}`} data-testid={`plan-role-${role}`}>
                <div className="card-title-row">
                  <h3 id={`role-${role}`}>{info.label}</h3>
                  <span className="subtle">
                    {formatNumber(all.filter((t) => t.done).length)} van {formatNumber(all.length)} klaar
                  </span>
                </div>
                <p className="plan-summary">
                  <span className="subtle">Jouw rol:</span> {info.summary}
                </p>
                <ul className="plan-tasks">
                  {tasks.map((task) => (
                    <TaskRow key={`${plan.schooljaar}:${task.id}`} task={task} onSave={saveTask} onRemove={() => setRemoving(task)} />
                  ))}
                </ul>
                <p className="hint">Hulp hierbij: {info.help.join(' · ')}</p>
              </section>
            );
          })}
          <AddTask onAdd={saveTask} />
        </>
      )}

      <ConfirmDialog
        open={removing !== null}
        title="Taak verwijderen"
        confirmLabel="Verwijder taak"
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && void remove(removing)}
      >
        {removing && (
          <p>
            De taak <strong>{removing.title}</strong> verdwijnt uit het jaarplan {schooljaar} van {location.name}, met de datum en de notitie.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

/** One task: done, due date and note are saved as soon as they change (the note when you leave the field). */
function TaskRow({ task, onSave, onRemove }: { task: PlanTask; onSave: (t: PlanTaskInput) => Promise<boolean>; onRemove: () => void }) {
  const [note, setNote] = useState(task.note);
  // Ticked at once (the save follows); put back if main refuses.
  const [done, setDone] = useState(task.done);
  const checkId = `task-done-${task.id}`;
  const stateId = `task-state-${task.id}`;

  function saveNote() {
    if (note.trim() !== task.note) void onSave({ ...inputOf(task), note });
  }

  return (
    <li className={`plan-task ${task.done ? 'is-done' : ''} ${task.overdue ? 'is-overdue' : ''}`} data-testid="plan-task" data-task={task.id} data-overdue={task.overdue}>
      <div className="plan-task-head">
        <input
          id={checkId}
          type="checkbox"
          checked={done}
          aria-describedby={stateId}
          onChange={(e) => {
            const next = e.target.checked;
            setDone(next);
            void onSave({ ...inputOf(task), done: next }).then((saved) => {
              if (!saved) setDone(task.done);
            });
          }}
          data-testid="task-done"
        />
        <label htmlFor={checkId} className="plan-task-title">
          {task.title}
        </label>
        <span id={stateId} className="plan-task-state">
          {task.done ? (
            <span className="badge badge-done">Klaar</span>
          ) : task.overdue ? (
            <span className="badge badge-overdue" data-testid="task-overdue">
              Te laat{task.due ? ` (was ${formatDay(task.due)})` : ''}
            </span>
          ) : (
            <span className="visually-hidden">Open</span>
          )}
          {!task.fromSeed && <span className="badge badge-own">Eigen taak</span>}
        </span>
      </div>
      <div className="plan-task-fields">
        <label className="inline-field">
          <span>Uiterlijk</span>
          {/* Only whole days (or clearing it) are saved; half typed is nothing yet. */}
          <DateInput value={task.due} onDay={(iso) => void onSave({ ...inputOf(task), due: iso || null })} testId="task-due" />
        </label>
        <label className="inline-field plan-note">
          <span>Notitie</span>
          <input
            type="text"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onBlur={saveNote}
            onKeyDown={(e) => {
              if (e.key === 'Enter') saveNote();
            }}
            data-testid="task-note"
          />
        </label>
        {!task.fromSeed && (
          <button type="button" className="button button-small button-quiet" onClick={onRemove} data-testid="task-remove">
            Verwijderen…<span className="visually-hidden"> {task.title}</span>
          </button>
        )}
      </div>
    </li>
  );
}

/** A task of the school's own, for one of the seed's roles. */
function AddTask({ onAdd }: { onAdd: (t: PlanTaskInput) => Promise<boolean> }) {
  const [title, setTitle] = useState('');
  const [role, setRole] = useState<PlanRole>('coordinator');
  const [due, setDue] = useState('');
  // A new field (empty) after each task added: the date field keeps what was typed until then.
  const [added, setAdded] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === '') {
      setProblem('Vul in wat er moet gebeuren.');
      return;
    }
    setProblem(null);
    if (await onAdd({ title, ownerRole: role, due: due || null, done: false, note: '' })) {
      setTitle('');
      setDue('');
      setAdded((n) => n + 1);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-task-title" data-testid="plan-add">
      <h3 id="add-task-title">Eigen taak toevoegen</h3>
      <div className="form-row">
        <div className="field plan-add-title">
          <label htmlFor="task-title">Wat moet er gebeuren?</label>
          <input
            id="task-title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'task-title-error' : undefined}
            data-testid="add-title"
          />
          {problem && (
            <p id="task-title-error" className="field-error">
              {problem}
            </p>
          )}
        </div>
        <div className="field field-narrow">
          <label htmlFor="task-role">Wie</label>
          <select id="task-role" value={role} onChange={(e) => setRole(e.target.value as PlanRole)} data-testid="add-role">
            {PLAN_ROLES.map((r) => (
              <option key={r} value={r}>
                {PLAN_ROLE_INFO[r].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-narrow">
          <label htmlFor="task-due">Uiterlijk (niet verplicht)</label>
          <DateInput key={added} id="task-due" value={null} onDay={setDue} testId="add-due" />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" data-testid="add-task">
          Taak toevoegen
        </button>
      </div>
    </form>
  );
}
