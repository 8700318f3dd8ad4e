import type { Block, Button, Modal, Reply } from '../../reply.js';
import type { BusinessProfile, RedressRow } from '../../store/redress.js';
import type { EngineChoice } from './infer.js';
import { ENGINE_IDS, ENGINES, type EngineId } from './engines.js';
import { CALL_PURPOSES } from './purposes.js';
import type { Packet } from './types.js';

const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The form, pre-filled from the data and the business profile. Five inputs: Discord's most. */
export function redressModal(
  number: string,
  engine: EngineId,
  profile: BusinessProfile,
  purpose: string | null,
): Modal {
  const contact = [profile.contactName, profile.contactEmail, profile.contactPhone].filter(Boolean).join(', ');
  return {
    action: 'redress.submit',
    privateValue: number,
    title: 'Redress request',
    submitLabel: 'Prepare',
    inputs: [
      {
        id: 'engine',
        label: 'Ask',
        style: 'select',
        required: true,
        initial: engine,
        options: ENGINE_IDS.map((e) => ({ label: ENGINES[e].label.slice(0, 75), value: e })),
      },
      {
        id: 'business',
        label: 'Business name',
        style: 'short',
        required: true,
        ...(profile.name ? { initial: profile.name } : {}),
        maxLength: 120,
      },
      {
        id: 'url',
        label: 'Business website',
        style: 'short',
        required: false,
        ...(profile.url ? { initial: profile.url } : {}),
        maxLength: 200,
      },
      {
        id: 'contact',
        label: 'Contact: name, email, phone',
        style: 'short',
        required: true,
        ...(contact ? { initial: contact } : {}),
        placeholder: 'Jane Roe, jane@acme.example, +12125550100',
        maxLength: 200,
      },
      {
        id: 'purpose',
        label: 'Call purpose',
        style: 'select',
        required: true,
        ...(purpose ? { initial: purpose } : {}),
        options: CALL_PURPOSES.map((p) => ({ label: p, value: p })),
      },
    ],
  };
}

/** The business details the form has no room for: address and CNAM (and the rest again). */
export function profileModal(profile: BusinessProfile): Modal {
  const contact = [profile.contactName, profile.contactEmail, profile.contactPhone].filter(Boolean).join(', ');
  const init = (v: string | null): { initial?: string } => (v ? { initial: v } : {});
  return {
    action: 'redress.profile',
    privateValue: '',
    title: 'Business profile',
    submitLabel: 'Save',
    inputs: [
      { id: 'business', label: 'Business name', style: 'short', required: true, ...init(profile.name), maxLength: 120 },
      {
        id: 'address',
        label: 'Business address',
        style: 'paragraph',
        required: false,
        ...init(profile.address),
        maxLength: 300,
      },
      { id: 'url', label: 'Business website', style: 'short', required: false, ...init(profile.url), maxLength: 200 },
      {
        id: 'contact',
        label: 'Contact: name, email, phone',
        style: 'short',
        required: false,
        ...init(contact || null),
        maxLength: 200,
      },
      {
        id: 'cnam',
        label: 'CNAM (caller name shown)',
        style: 'short',
        required: false,
        ...init(profile.cnam),
        maxLength: 15,
      },
    ],
  };
}

export function markButtons(row: RedressRow): Button[] {
  const b: Button[] = [];
  if (row.status === 'draft')
    b.push({ label: 'I submitted it', action: 'redress.mark', value: `${row.id}|submitted`, style: 'primary' });
  if (row.status === 'draft' || row.status === 'submitted') {
    b.push({ label: 'Resolved', action: 'redress.mark', value: `${row.id}|resolved` });
    b.push({ label: 'Rejected', action: 'redress.mark', value: `${row.id}|rejected`, style: 'danger' });
  }
  return b;
}

/** The prepared request: what to submit by hand, where, what is still missing, and the buttons to mark it. */
export function redressCreatedReply(row: RedressRow, packet: Packet): Reply {
  const blocks: Block[] = [
    {
      kind: 'text',
      text: `Prepared for **${ENGINES[row.engine as EngineId]?.label ?? row.engine}**. sipbot does not send it: submit it at ${packet.where || 'the contact below'}, then press **I submitted it** with their reference. I compare ${row.number}'s refusals before and after at 3, 7 and 14 days and post the result here.`,
    },
    { kind: 'text', heading: 'The request', text: '```\n' + packet.text + '\n```' },
  ];
  if (packet.missing.length)
    blocks.push({ kind: 'list', heading: 'Missing (the party asks for it)', items: packet.missing });
  return {
    title: `Redress #${row.id}: ${row.number} to ${row.engine}`,
    tone: packet.missing.length ? 'warn' : 'info',
    blocks,
    buttons: markButtons(row),
    files: [
      ...packet.files,
      {
        filename: `redress-${row.id}-${row.engine}.txt`,
        content: Buffer.from(packet.text + '\n'),
        contentType: 'text/plain',
      },
    ],
  };
}

/** Whom to ask, with the evidence, and a button per engine to open its form. */
export function whomToAskReply(number: string, choices: EngineChoice[]): Reply {
  return {
    title: `Redress for ${number}: whom to ask`,
    tone: 'info',
    blocks: [
      { kind: 'list', items: choices.map((c) => `**${ENGINES[c.engine].label}**: ${c.why.join('; ')}`) },
      {
        kind: 'context',
        text: 'Each party asks for different things; the form fills what the data and your business profile know.',
      },
    ],
    buttons: choices.slice(0, 4).map((c, i) => ({
      label: `Prepare: ${c.engine}`,
      action: 'redress.open',
      value: `${number}|${c.engine}`,
      ...(i === 0 ? { style: 'primary' as const } : {}),
    })),
    ephemeral: true,
  };
}

export function listLines(rows: RedressRow[]): string[] {
  return rows.map(
    (r) =>
      `#${r.id} ${r.number} ${r.engine}: ${r.status}${r.submittedMs ? `, submitted ${date(r.submittedMs)}` : `, prepared ${date(r.createdMs)}`}${r.reference ? `, ref ${r.reference}` : ''}`,
  );
}

export function markedReply(row: RedressRow): Reply {
  const what =
    row.status === 'submitted'
      ? `Marked submitted${row.reference ? ` (ref ${row.reference})` : ''}. I will compare ${row.number}'s refusal rate per route before and after at 3, 7 and 14 days and post it in this thread.`
      : `Marked ${row.status}.`;
  return {
    title: `Redress #${row.id}: ${row.status}`,
    tone: row.status === 'rejected' ? 'bad' : 'ok',
    blocks: [{ kind: 'text', text: what }],
    buttons: markButtons(row),
    replaceOriginal: false,
  };
}

export function referenceModal(row: RedressRow): Modal {
  return {
    action: 'redress.marked',
    privateValue: `${row.id}|submitted`,
    title: 'Submitted',
    submitLabel: 'Save',
    inputs: [
      {
        id: 'reference',
        label: `${row.engine}'s reference or ticket id`,
        style: 'short',
        required: false,
        maxLength: 120,
        placeholder: 'e.g. FCR-123456',
      },
    ],
  };
}
