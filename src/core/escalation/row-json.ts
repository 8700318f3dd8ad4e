import type { EscalationRow } from '../../store/escalations.js';

/**
 * The escalation's own fields as the JSON outputs name them (`sipbot escalations --json` and the
 * webhook body both start with these, so a consumer reads one shape).
 */
export function escalationFields(e: EscalationRow): Record<string, unknown> {
  return {
    id: e.id,
    subject: e.subject,
    urgency: e.urgency,
    status: e.status,
    note: e.note,
    contact: e.contact,
    requester: {
      platform: e.requesterPlatform,
      user_id: e.requesterId,
      name: e.requesterName,
      channel_id: e.channelId,
    },
    assignee: e.assigneeId ? { user_id: e.assigneeId, name: e.assigneeName } : null,
  };
}
