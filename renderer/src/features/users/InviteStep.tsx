import { useEffect, useMemo, useState } from 'react';
import type { UserView } from '../../../../shared/bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { VirtualList } from '../../components/VirtualList';
import { EmptyState, ErrorNotice, Notice, ScreenTitle, Spinner } from '../../components/ui';
import { INVITE_ACTION_LABEL, REMINDER_AFTER_DAYS, inviteAction, reminderDue } from '../../../../shared/domain/invitation';
import { count } from '../../format';
import { useSelection } from '../../components/selection';
import { useAction } from '../../hooks/useAction';
import { keepFocus } from '../../hooks/useModal';
import { call, useLocation, useShell } from '../../store';
import { useCurrentLocation } from '../../connection';
import { InvitationBadge, SyncBadge, displayName, sortName } from './users-parts';
import { ReadinessList } from '../../components/Readiness';
import { USER_STEPS } from './WhoSeesWhat';
import { nameList } from '../../../../shared/domain/readiness';

/** Step 8: send each user an invitation (yourself too); status per user; resend. */
export function InviteStep() {
  const location = useCurrentLocation()!;
  const users = useLocation((s) => s.users);
  const error = useLocation((s) => s.error);
  const loadUsers = useLocation((s) => s.loadUsers);
  const mergeUsers = useLocation((s) => s.mergeUsers);
  const setError = useLocation((s) => s.setError);
  const syncTick = useShell((s) => s.syncTick);
  const go = useShell((s) => s.go);
  const { selected, toggle, choose } = useSelection();
  const [confirming, setConfirming] = useState<UserView[] | null>(null);
  const action = useAction();

  useEffect(() => {
    void loadUsers();
  }, [loadUsers, syncTick]);

  const sorted = useMemo(() => [...(users ?? [])].sort((a, b) => sortName(a).localeCompare(sortName(b), 'nl')), [users]);

  async function invite(list: UserView[]) {
    setConfirming(null);
    const invited = await action.run(() => call('users:invite', { brin6: location.brin6, ids: list.map((u) => u.id) }), {
      toast: (value) =>
        `${list.length === 1 ? `Uitnodiging voor ${displayName(list[0]!)}` : `${count(list.length, 'uitnodiging', 'uitnodigingen')}`} ${
          value.some((u) => u.invitation === 'queued') ? 'in de wachtrij; wordt verstuurd zodra er verbinding is' : 'verstuurd'
        }.`,
    });
    if (!invited) return;
    mergeUsers(invited);
    choose([]);
    // The row's button is gone once the invitation is on its way: focus goes to the first invited person's row.
    keepFocus(() => document.querySelector<HTMLElement>(`[data-testid="invite-list"] input[data-user="${list[0]!.id}"]`));
  }

  const now = new Date();
  // Who would activate into nothing: the readiness rule's "ziet niets" (shared/domain/readiness.ts).
  const seesNothing = new Set(location.readiness.gaps.filter((g) => g.kind === 'sees-nothing').flatMap((g) => g.userIds));
  const blind = (confirming ?? []).filter((u) => seesNothing.has(u.id));
  const notInvited = sorted.filter((u) => u.invitation === 'not-invited');
  const remind = sorted.filter((u) => reminderDue(u, now));

  return (
    <section className="screen" aria-labelledby="screen-title">
      <ScreenTitle step={8}>Uitnodigen</ScreenTitle>
      <p className="lead">
        Stuur per persoon een uitnodiging. De collega klikt op de link in de activatiemail, logt in met Entree en opent de rapportageomgeving.
      </p>
      <Notice level="info">
        <strong>Let op!</strong> Stuur jezelf als beheerder ook een uitnodiging. Dan kun je ook je eigen toegang tot de rapportage regelen.
      </Notice>
      <ErrorNotice error={action.error ?? error} onDismiss={() => {
          action.setError(null);
          setError(null);
        }} />
      {users === null ? (
        <Spinner label="Gebruikers laden…" />
      ) : users.length === 0 ? (
        <EmptyState title="Nog niemand om uit te nodigen" testId="invite-empty">
          <p>Voeg eerst gebruikers toe (stap 6) en geef ze rollen (stap 7).</p>
          <button type="button" className="button button-primary" onClick={() => go('add-users')}>
            Naar stap 6
          </button>
        </EmptyState>
      ) : (
        <div className="card">
          <ReadinessList location={location} only={USER_STEPS} testId="invite-readiness" />
          <div className="list-tools">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={selected.size > 0 && selected.size === users.length}
                onChange={(e) => choose(e.target.checked ? users.map((u) => u.id) : [])}
              />
              Alles selecteren
            </label>
            <div className="actions">
              {notInvited.length > 0 && (
                <button type="button" className="button" onClick={() => choose(notInvited.map((u) => u.id))}>
                  Selecteer wie nog niet is uitgenodigd ({notInvited.length})
                </button>
              )}
              {remind.length > 0 && (
                <button type="button" className="button" onClick={() => setConfirming(remind)} data-testid="remind-all">
                  Herinnering sturen aan wie na {REMINDER_AFTER_DAYS} dagen nog niet heeft geactiveerd ({remind.length})
                </button>
              )}
              <button
                type="button"
                className="button button-primary"
                disabled={selected.size === 0}
                onClick={() => setConfirming(sorted.filter((u) => selected.has(u.id)))}
                data-testid="invite-selected"
              >
                {selected.size === 0 ? 'Uitnodigen' : `${count(selected.size, 'gebruiker', 'gebruikers')} uitnodigen`}
              </button>
            </div>
          </div>
          <VirtualList<UserView>
            items={sorted}
            label="Uitnodigingen"
            rowHeight={76}
            getKey={(u) => u.id}
            testId="invite-list"
            render={(u) => (
              <>
                <label className="check-row">
                  <input
                    type="checkbox"
                    checked={selected.has(u.id)}
                    onChange={(e) => toggle(u.id, e.target.checked)}
                    data-user={u.id}
                  />
                  <span className="cell-user">
                    <strong>{displayName(u)}</strong>
                    <span className="subtle" title={u.email}>
                      {u.email}
                    </span>
                  </span>
                </label>
                <span className="cell-badges">
                  <InvitationBadge user={u} />
                  <SyncBadge user={u} />
                </span>
                <InviteOne user={u} now={now} onChoose={() => setConfirming([u])} />
              </>
            )}
          />
        </div>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title="Uitnodiging versturen"
        confirmLabel="Uitnodiging versturen"
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && void invite(confirming)}
      >
        {confirming?.length === 1 ? (
          <p>
            Een uitnodiging zal worden verstuurd naar <strong>{displayName(confirming[0]!)}</strong>, op het e-mailadres{' '}
            <strong>{confirming[0]!.email}</strong>.
          </p>
        ) : (
          <p>Er worden {count(confirming?.length ?? 0, 'uitnodiging', 'uitnodigingen')} verstuurd, elk naar het eigen e-mailadres.</p>
        )}
        {blind.length > 0 && (
          <p className="warning-text" data-testid="invite-sees-nothing">
            Let op: {nameList(blind.map(displayName))} {blind.length === 1 ? 'ziet' : 'zien'} na het activeren niets: er is geen rol met klassen. Regel dat
            eerst in stap 7, of nodig toch uit.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

/** The one action a row offers: invite, resend, a reminder after a week, or none (queued, or already activated). */
function InviteOne({ user, now, onChoose }: { user: UserView; now: Date; onChoose: () => void }) {
  const action = inviteAction(user, now);
  if (action === null) return <span className="invite-none" aria-hidden="true" />;
  return (
    <button type="button" className="button button-small" onClick={onChoose} data-testid="invite-one" data-action={action}>
      {INVITE_ACTION_LABEL[action]}
      <span className="visually-hidden"> aan {displayName(user)}</span>
    </button>
  );
}
