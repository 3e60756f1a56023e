import { describe, expect, it } from 'vitest';
import { INVITE_ACTION_LABEL, REMINDER_AFTER_DAYS, inviteAction, reminderDue } from '../../shared/domain/invitation';

const now = new Date('2026-12-02T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

describe('step 8 offers what fits each user', () => {
  it('activated colleagues are not offered "Opnieuw versturen"; queued ones wait', () => {
    expect(inviteAction({ invitation: 'activated', invitedAt: daysAgo(30) }, now)).toBeNull();
    expect(inviteAction({ invitation: 'queued', invitedAt: null }, now)).toBeNull();
    expect(inviteAction({ invitation: 'not-invited', invitedAt: null }, now)).toBe('invite');
  });

  it(`a reminder from ${REMINDER_AFTER_DAYS} days after the invitation; before that a plain resend`, () => {
    expect(inviteAction({ invitation: 'invited', invitedAt: daysAgo(REMINDER_AFTER_DAYS - 1) }, now)).toBe('resend');
    expect(inviteAction({ invitation: 'invited', invitedAt: daysAgo(REMINDER_AFTER_DAYS) }, now)).toBe('remind');
    expect(reminderDue({ invitation: 'invited', invitedAt: null }, now)).toBe(false);
    expect(reminderDue({ invitation: 'invited', invitedAt: 'niet een datum' }, now)).toBe(false);
    expect(INVITE_ACTION_LABEL.remind).toBe('Herinnering sturen');
  });
});
