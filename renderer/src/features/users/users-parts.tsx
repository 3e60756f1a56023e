import type { UserView } from '../../../../shared/bridge';
import { roleLabel } from '../../../../shared/domain/access';
import { activationWait } from '../../../../shared/domain/connection';
import { formatDateTime, formatTime } from '../../format';
import { useShell } from '../../store';

export { personName as displayName } from '../../../../shared/domain/names';

/** Sort key for the list: achternaam first, like the school's own lists. */
export function sortName(u: UserView): string {
  return `${u.achternaam} ${u.voornaam} ${u.voorvoegsel}`.toLocaleLowerCase('nl');
}

export function rolesSummary(u: UserView, className: (key: string) => string): string {
  if (u.roles.length === 0) return 'Nog geen rol';
  return u.roles
    .map((r) => (r.role === 'kwaliteitsmedewerker' ? roleLabel(r) : `${roleLabel(r)} (${r.classes.map(className).join(', ') || 'geen klassen'})`))
    .join('; ');
}

const INVITATION_LABEL: Record<UserView['invitation'], string> = {
  'not-invited': 'Niet uitgenodigd',
  queued: 'Uitnodiging in wachtrij',
  invited: 'Uitgenodigd',
  activated: 'Geactiveerd',
};

export function invitationText(u: UserView): string {
  if (u.invitation === 'invited' && u.invitedAt) return `Uitgenodigd op ${formatDateTime(u.invitedAt)}`;
  if (u.invitation === 'activated' && u.activatedAt) return `Geactiveerd op ${formatDateTime(u.activatedAt)}`;
  return INVITATION_LABEL[u.invitation];
}

/** The invitation's state; while invited, also that activation is awaited and when the console looks again. */
export function InvitationBadge({ user }: { user: UserView }) {
  const status = useShell((s) => s.status);
  return (
    <span className="badge-stack">
      <span className={`badge badge-invite-${user.invitation}`} data-testid="invitation">
        {invitationText(user)}
      </span>
      {user.invitation === 'invited' && (
        <span className="subtle activation-wait" data-testid="activation-wait">
          {activationWait(status?.nextRoundAt ?? null, status?.connection ?? 'unknown', formatTime)}
        </span>
      )}
    </span>
  );
}

const SYNC_LABEL: Record<UserView['sync'], string> = {
  synced: 'Bij de dienst',
  pending: 'Wacht op verzending',
  failed: 'Geweigerd',
  conflict: 'Conflict',
};

export function SyncBadge({ user }: { user: UserView }) {
  if (user.sync === 'synced') return null;
  return (
    <span className={`badge badge-sync-${user.sync}`} title={user.syncMessage ?? undefined} data-testid="user-sync">
      {SYNC_LABEL[user.sync]}
      {user.syncMessage && <span className="visually-hidden">: {user.syncMessage}</span>}
    </span>
  );
}
