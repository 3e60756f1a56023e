/**
 * What step 8 offers per user (issue 15, points 5 and 11): an activated colleague is not offered "Opnieuw versturen",
 * and someone invited long ago without activating gets "Herinnering sturen". Pure; the clock is passed in.
 */
export const REMINDER_AFTER_DAYS = 7;

export interface InvitationFacts {
  readonly invitation: 'not-invited' | 'queued' | 'invited' | 'activated';
  readonly invitedAt: string | null;
}

export type InviteAction = 'invite' | 'resend' | 'remind' | null;

/** Invited at least `days` whole days ago and still not activated. */
export function reminderDue(user: InvitationFacts, now: Date, days: number = REMINDER_AFTER_DAYS): boolean {
  if (user.invitation !== 'invited' || !user.invitedAt) return false;
  const invited = Date.parse(user.invitedAt);
  return Number.isFinite(invited) && now.getTime() - invited >= days * 24 * 60 * 60 * 1000;
}

export function inviteAction(user: InvitationFacts, now: Date, days: number = REMINDER_AFTER_DAYS): InviteAction {
  switch (user.invitation) {
    case 'not-invited':
      return 'invite';
    case 'queued':
    case 'activated':
      return null;
    case 'invited':
      return reminderDue(user, now, days) ? 'remind' : 'resend';
  }
}

export const INVITE_ACTION_LABEL: Record<Exclude<InviteAction, null>, string> = {
  invite: 'Uitnodiging versturen',
  resend: 'Opnieuw versturen',
  remind: 'Herinnering sturen',
};
