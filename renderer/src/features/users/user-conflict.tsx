import { useRef, useState } from 'react';
import type { ConflictField, UserView } from '../../../../shared/bridge';
import { useAction } from '../../hooks/useAction';
import { ErrorNotice } from '../../components/ui';
import { formatDateTime } from '../../format';
import { call, useLocation } from '../../store';
import { displayName } from './users-parts';

type Choice = 'mine' | 'theirs';

function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('nl') + text.slice(1);
}

/**
 * A user's conflict, field by field (issue 31): per field both values — "jouw waarde" and "de waarde bij de centrale
 * dienst" — and who changed it there and when, where the service says so; *Mijn versie houden* / *Die versie
 * overnemen* per field, then one save. Fields only one side changed are not asked about: they merge by themselves.
 * Keyboard: every choice is a button (aria-pressed); a missing choice is marked at its field and gets focus.
 */
export function ConflictChoice({ user, brin6, onResolved }: { user: UserView; brin6: string; onResolved: (saved: UserView) => void }) {
  const conflict = user.conflict!;
  const [choices, setChoices] = useState<Partial<Record<ConflictField, Choice>>>({});
  const action = useAction();
  const box = useRef<HTMLDivElement>(null);
  const mergeUsers = useLocation((s) => s.mergeUsers);
  const who = conflict.changedBy ? `door ${conflict.changedBy}` : 'bij de centrale dienst';
  const when = conflict.changedAt ? ` op ${formatDateTime(conflict.changedAt)}` : '';

  async function resolve() {
    if (action.busy) return;
    const saved = await action.run<UserView>(() => call('users:resolve-conflict', { brin6, id: user.id, choices }), {
      form: box,
      toast: (u) => `Conflict opgelost voor ${displayName(u)}. De keuzes worden verstuurd.`,
    });
    if (!saved) return;
    mergeUsers([saved]);
    onResolved(saved);
  }

  return (
    <div ref={box} className="conflict" role="group" aria-labelledby="conflict-title" data-testid="conflict">
      <h4 id="conflict-title">Iemand anders heeft deze gebruiker ook gewijzigd</h4>
      <p>
        Gewijzigd {who}
        {when}. Kies per veld welke versie blijft. Wat maar aan één kant is gewijzigd, wordt vanzelf samengevoegd.
      </p>
      <ErrorNotice error={action.error && !action.error.issues?.length ? action.error : null} />
      {conflict.fields.map(({ field, label, mine, theirs }) => {
        const error = action.fieldError('choices', field);
        return (
          <fieldset key={field} className="conflict-field" data-testid={`conflict-${field}`} aria-invalid={error ? true : undefined}>
            <legend>{capitalised(label)}</legend>
            <dl className="conflict-values">
              <div>
                <dt>Jouw waarde</dt>
                <dd data-testid={`conflict-${field}-mine`}>{mine || '(leeg)'}</dd>
              </div>
              <div>
                <dt>De waarde bij de centrale dienst</dt>
                <dd data-testid={`conflict-${field}-theirs`}>{theirs || '(leeg)'}</dd>
              </div>
            </dl>
            <div className="segmented" role="group" aria-label={`Welke ${label} blijft`}>
              <button type="button" data-path={`choices.${field}`} aria-pressed={choices[field] === 'mine'} onClick={() => setChoices({ ...choices, [field]: 'mine' })}>
                Mijn versie houden
              </button>
              <button type="button" aria-pressed={choices[field] === 'theirs'} onClick={() => setChoices({ ...choices, [field]: 'theirs' })}>
                Die versie overnemen
              </button>
            </div>
            {error && (
              <p className="field-error" data-testid={`conflict-${field}-error`}>
                {error}
              </p>
            )}
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={() => void resolve()} aria-disabled={action.busy || undefined} data-testid="conflict-resolve">
          {action.busy ? 'Bezig…' : 'Keuzes opslaan'}
        </button>
      </div>
    </div>
  );
}
