import { mention, type Block, type Button, type Modal, type Reply } from '../../reply.js';
import { isChatPlatform } from '../../adapters/platforms.js';
import type { EscalationEvent, EscalationRow } from '../../store/escalations.js';
import { callSubject, showCallsButton, ticketButton } from '../calls/buttons.js';
import { subjectLabel } from '../checklist/subject.js';
import type { Bundle } from './bundle.js';

export const URGENCIES = [
  { label: 'Low: when someone has time', value: 'low' },
  { label: 'Normal: today', value: 'normal' },
  { label: 'High: a campaign is blocked', value: 'high' },
  { label: 'Urgent: all calls failing', value: 'urgent' },
] as const;

/** The request form: Slack and Discord open it as a modal; the console asks field by field. */
export function escalationModal(subject: string, note: string, walkthroughId: number | null, contact: string): Modal {
  return {
    action: 'escalate.submit',
    // Discord packs the modal's custom_id into 100 characters: subject (cut) and walkthrough id only.
    privateValue: `${walkthroughId ?? ''}|${subject.slice(0, 80)}`,
    title: 'Ask an expert',
    submitLabel: 'Escalate',
    inputs: [
      {
        id: 'subject',
        label: 'Number, route or region',
        style: 'short',
        required: true,
        initial: subject === '*' ? 'all calls' : subject,
        maxLength: 80,
      },
      {
        id: 'urgency',
        label: 'Urgency',
        style: 'select',
        required: true,
        initial: 'normal',
        options: URGENCIES.map((u) => ({ ...u })),
      },
      // A long note typed after `/sip escalate` widens the field (up to Slack's 3,000) rather than being cut.
      {
        id: 'tried',
        label: 'What have you tried?',
        style: 'paragraph',
        required: false,
        ...(note ? { initial: note } : {}),
        placeholder: 'Checked the ACL, test call from another carrier also refused...',
        maxLength: Math.min(3000, Math.max(1000, note.length)),
      },
      {
        id: 'contact',
        label: 'How to reach you',
        style: 'short',
        required: false,
        ...(contact ? { initial: contact } : {}),
        placeholder: 'name, phone or email',
        maxLength: 200,
      },
    ],
  };
}

function who(platform: string, id: string | null, name: string | null): string {
  if (!id) return 'sipbot';
  // A real mention on the user's own platform (each renderer decides), the name elsewhere.
  return isChatPlatform(platform) ? mention(platform, id, name) : (name ?? id);
}

const STATUS: Record<EscalationRow['status'], string> = {
  open: 'Open, not acknowledged',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  resolved: 'Resolved',
};

export function escalationButtons(e: EscalationRow): Button[] {
  const id = String(e.id);
  const b: Button[] = [];
  if (e.status === 'open') b.push({ label: 'Acknowledge', action: 'escalate.ack', value: id, style: 'primary' });
  if (e.status !== 'resolved') {
    b.push({ label: 'Assign to me', action: 'escalate.assign', value: id });
    b.push({ label: 'Resolve', action: 'escalate.resolve', value: id, style: 'danger' });
  }
  b.push({ label: 'Evidence (JSON, CSV)', action: 'escalate.bundle', value: id, style: 'secondary' });
  // The calls behind it, over the bundle's own window (7 days before the request).
  const w = (JSON.parse(e.bundleJson) as Partial<Bundle>).window;
  const from = w ? Date.parse(w.from) : NaN;
  const to = w ? Date.parse(w.to) : NaN;
  if (from < to) {
    b.push(showCallsButton(callSubject(e.subject), from, to));
    if (callSubject(e.subject).kind === 'route') b.push(ticketButton(e.subject, from, to, 'Carrier ticket'));
  }
  return b;
}

/** The escalation as experts see it in the escalation channel; re-rendered on every status change. */
export function renderEscalation(e: EscalationRow, events: readonly EscalationEvent[] = []): Reply {
  const b = JSON.parse(e.bundleJson) as Bundle;
  const f = b.findings[0];
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        {
          label: 'Status',
          value: STATUS[e.status] + (e.assigneeId ? `: ${who(e.requesterPlatform, e.assigneeId, e.assigneeName)}` : ''),
        },
        { label: 'Urgency', value: e.urgency },
        {
          label: 'Requested by',
          value: `${who(e.requesterPlatform, e.requesterId, e.requesterName)} (${e.requesterPlatform})`,
        },
        { label: 'Contact', value: e.contact || '-' },
      ],
    },
  ];
  if (e.note) blocks.push({ kind: 'text', heading: 'What was tried', text: e.note });
  blocks.push({
    kind: 'text',
    heading: 'Evidence',
    text: f ? f.summary : `No calls for ${subjectLabel(e.subject)} in the 7 days before the request.`,
  });
  if (b.routes.length) {
    blocks.push({
      kind: 'table',
      heading: 'Per route (7 days)',
      columns: ['route', 'calls', 'refused', 'rate'],
      align: ['left', 'right', 'right', 'right'],
      rows: b.routes
        .slice(0, 8)
        .map((r) => [r.route, String(r.calls), String(r.blocked), `${(r.rate * 100).toFixed(1)}%`]),
    });
  }
  if (b.refused_sample.length) {
    blocks.push({
      kind: 'table',
      heading: `Latest refusals (${b.reasons})`,
      columns: ['time (UTC)', 'caller', 'callee', 'route', 'response', 'call id'],
      rows: b.refused_sample
        .slice(0, 5)
        .map((c) => [
          c.time.slice(5, 16).replace('T', ' '),
          c.caller,
          c.callee,
          c.route,
          `${c.sip_code} ${c.sip_reason ?? ''}`.trim(),
          c.call_id ?? '-',
        ]),
    });
  }
  if (b.walkthrough)
    blocks.push({
      kind: 'context',
      text: `Checklist walkthrough #${b.walkthrough.id}: ${b.walkthrough.transcript.length} answers, verdict ${b.walkthrough.verdict ?? 'not reached'}.`,
    });
  const last = events.filter((x) => x.kind !== 'created' && x.kind !== 'reminded').at(-1);
  if (last)
    blocks.push({
      kind: 'context',
      text: `${last.kind} by ${who(last.actorPlatform ?? '', last.actorId, last.actorName)} at ${new Date(last.atMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    });
  blocks.push({
    kind: 'context',
    text: `Full bundle: \`sipbot escalations show ${e.id} --bundle json\` or the Evidence button.`,
  });
  return {
    title: `Escalation #${e.id}: ${subjectLabel(e.subject)} (${e.urgency})`,
    blocks,
    buttons: escalationButtons(e),
    tone: e.status === 'resolved' ? 'ok' : e.urgency === 'urgent' || e.urgency === 'high' ? 'bad' : 'warn',
  };
}

/** What the requester's channel is told when an expert acts. */
export function renderStatusNotice(e: EscalationRow, ev: EscalationEvent): Reply {
  const actor = who(ev.actorPlatform ?? '', ev.actorId, ev.actorName);
  const verb =
    ev.kind === 'acknowledged'
      ? 'acknowledged'
      : ev.kind === 'assigned'
        ? 'taken'
        : ev.kind === 'resolved'
          ? 'resolved'
          : ev.kind;
  return {
    title: `Escalation #${e.id} ${verb}`,
    blocks: [
      {
        kind: 'text',
        text: `${who(e.requesterPlatform, e.requesterId, e.requesterName)}: your escalation on ${subjectLabel(e.subject)} was ${verb} by ${actor}.`,
      },
    ],
    tone: ev.kind === 'resolved' ? 'ok' : 'info',
  };
}

export function renderReminder(e: EscalationRow, n: number, minutes: number): Reply {
  const age = Math.round((n * minutes) / 6) / 10;
  return {
    title: `Reminder: escalation #${e.id} is not acknowledged`,
    blocks: [
      {
        kind: 'text',
        text: `${subjectLabel(e.subject)} (${e.urgency}) has waited ${age >= 1 ? `${age} h` : `${n * minutes} min`} for an expert. Acknowledge it so the requester knows someone is on it.`,
      },
    ],
    buttons: escalationButtons(e),
    tone: 'warn',
  };
}

/** What the requester sees when the escalation is made (or found already open). */
export function renderReceipt(
  e: EscalationRow,
  created: boolean,
  channels: readonly string[],
  files: Reply['files'],
): Reply {
  const where = channels.length
    ? `Routed to ${channels.join(', ')}`
    : 'No escalation channel is configured (SIPBOT_ESCALATION_CHANNEL); the request is stored';
  return {
    title: created
      ? `Escalation #${e.id} opened: ${subjectLabel(e.subject)}`
      : `Escalation #${e.id} is already open: ${subjectLabel(e.subject)}`,
    blocks: [
      {
        kind: 'text',
        text: created
          ? `${where}. You will be told here when an expert acknowledges it. The evidence (7 days of calls, routes, recent refusals${e.walkthroughId ? ', your checklist answers' : ''}) is attached.`
          : `You opened it at ${new Date(e.createdMs).toISOString().slice(11, 16)} UTC; status: ${STATUS[e.status].toLowerCase()}. No second request was made.`,
      },
      {
        kind: 'fields',
        fields: [
          { label: 'Urgency', value: e.urgency },
          { label: 'Status', value: STATUS[e.status] },
        ],
      },
    ],
    buttons: [{ label: 'Evidence (JSON, CSV)', action: 'escalate.bundle', value: String(e.id), style: 'secondary' }],
    ...(created && files ? { files } : {}),
    tone: 'info',
  };
}
