import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { UserFields, UserView } from '../../../../shared/bridge';
import { GLOSSARY } from '../../../../shared/domain/glossary';
import { TextField } from '../../components/form';
import { focusFirstIssue, useAction } from '../../hooks/useAction';
import { USER_FIELDS, fieldIssues, fieldRefusal, pickUserFields, userFieldsSchema } from '../../../../shared/bridge';
import { ErrorNotice } from '../../components/ui';
import { call, useLocation } from '../../store';
import { displayName } from './users-parts';
import { ConflictChoice } from './user-conflict';

const EMPTY = Object.fromEntries(USER_FIELDS.map((f) => [f, ''])) as UserFields;

/**
 * "Nieuwe gebruiker" as the seed shows it: the five fields, linked to this location (Brin6-code). A refusal marks
 * each field it names (its `issues`, path ["user", field]) and focus goes to the first; nothing parses message text.
 * Editing sends only the fields the admin changed (an absent field stays as it is, also at the service). A user in
 * conflict shows the choice per field above the form.
 */
export function UserForm({ user, locationName, brin6, onDone }: { user: UserView | null; locationName: string; brin6: string; onDone: (saved: UserView | null) => void }) {
  const [fields, setFields] = useState<UserFields>(user ? pickUserFields(user) : EMPTY);
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const mergeUsers = useLocation((s) => s.mergeUsers);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (action.busy) return;
    // The same schema main checks with, answered here first: the same refusal (issues at ["user", field]) without a round trip.
    const checked = userFieldsSchema.safeParse(fields);
    if (!checked.success) {
      const refusal = fieldRefusal(fieldIssues(checked.error).map((issue) => ({ ...issue, path: ['user', ...issue.path] })));
      action.setError(refusal);
      if (form.current) focusFirstIssue(form.current, refusal.issues);
      return;
    }
    const changed = user ? (Object.fromEntries(Object.entries(fields).filter(([k, v]) => user[k as keyof UserFields] !== v)) as Partial<UserFields>) : fields;
    const saved = await action.run<UserView>(() => (user ? call('users:update', { brin6, id: user.id, user: changed }) : call('users:add', { brin6, user: fields })), { form });
    if (!saved) return;
    mergeUsers([saved]);
    onDone(saved);
  }

  const field = (name: keyof UserFields, label: string, props: { type?: string; autoComplete?: string; required?: boolean } = {}) => (
    <TextField
      id={`user-${name}`}
      path={`user.${name}`}
      label={label}
      required={props.required}
      type={props.type}
      autoComplete={props.autoComplete}
      value={fields[name]}
      onChange={(value) => setFields({ ...fields, [name]: value })}
      error={action.fieldError('user', name)}
      inputRef={name === 'voornaam' ? first : undefined}
      testId={`user-${name}`}
    />
  );

  return (
    <form ref={form} className="card" onSubmit={(e) => void submit(e)} aria-labelledby="user-form-title" noValidate data-testid="user-form">
      <h3 id="user-form-title">{user ? `${displayName(user)} bewerken` : 'Nieuwe gebruiker'}</h3>
      {user?.conflict && <ConflictChoice user={user} brin6={brin6} onResolved={() => onDone(null)} />}
      <ErrorNotice error={action.error} />
      <div className="form-row">
        {field('voornaam', 'Voornaam', { required: true })}
        {field('initialen', 'Initialen')}
        {field('voorvoegsel', 'Voorvoegsel')}
        {field('achternaam', 'Achternaam', { required: true })}
      </div>
      <div className="form-row">{field('email', 'E-mailadres', { type: 'email', required: true })}</div>
      <p className="subtle">
        Koppelen aan {locationName} · {GLOSSARY.brin6Code} <span className="code">{brin6}</span>
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={() => onDone(null)}>
          Annuleren
        </button>
        <button type="submit" className="button button-primary" aria-disabled={action.busy || undefined}>
          {action.busy ? 'Bezig…' : 'Opslaan'}
        </button>
      </div>
    </form>
  );
}

