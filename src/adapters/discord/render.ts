import type { Block, Button, Reply } from '../../reply.js';
import { monospaceTable } from '../shared/table.js';
import { clip, countLines, splitText, truncationNote } from '../shared/split.js';

/** Discord message limits (discord-api-docs: resources/message, components/reference). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  /** One reply plus follow-ups; beyond this the content is cut, visibly. */
  messages: 5,
} as const;

export const EPHEMERAL_FLAG = 1 << 6;

const TONE_COLOUR: Record<NonNullable<Reply['tone']>, number> = { ok: 0x2eb67d, warn: 0xecb22e, bad: 0xe01e5a, info: 0x36c5f0 };

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: { text: string };
  image?: { url: string };
}

export interface DiscordButton {
  type: 2;
  style: 1 | 2 | 4;
  label: string;
  custom_id: string;
}

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: Array<{ type: 1; components: DiscordButton[] }>;
  files: Array<{ name: string; data: Buffer; contentType?: string }>;
  flags?: number;
}

/** custom_id for a button; the adapter swaps in a stored id when `action|value` is too long. */
export type CustomIdFn = (action: string, value: string) => string;

export const defaultCustomId: CustomIdFn = (action, value) => {
  const id = `${action}|${value}`;
  if (id.length > DISCORD_LIMITS.customId) throw new Error(`button ${action}: custom_id over ${DISCORD_LIMITS.customId} characters`);
  return id;
};

/** Parses a custom_id made by defaultCustomId. */
export function parseCustomId(id: string): { action: string; value: string } {
  const i = id.indexOf('|');
  return i < 0 ? { action: id, value: '' } : { action: id.slice(0, i), value: id.slice(i + 1) };
}

/** Discord markdown is close to ours; only headings and tables need a shape. */
function blockText(b: Block): string {
  switch (b.kind) {
    case 'text':
      return (b.heading ? `**${b.heading}**\n` : '') + b.text;
    case 'list':
      return (b.heading ? `**${b.heading}**\n` : '') + b.items.map((it, i) => `${b.ordered ? `${i + 1}.` : '•'} ${it}`).join('\n');
    case 'table':
      return (b.heading ? `**${b.heading}**\n` : '') + '```\n' + monospaceTable(b.columns, b.rows, b.align).join('\n') + '\n```';
    default:
      return '';
  }
}

function embedSize(e: DiscordEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/** Description pieces: each text-ish block, tables split so a code fence never breaks across embeds. */
function descriptionChunks(blocks: Block[]): string[] {
  const budget = DISCORD_LIMITS.description - 16;
  const out: string[] = [];
  let cur = '';
  const push = (piece: string): void => {
    if (cur && cur.length + 2 + piece.length <= budget) cur += '\n\n' + piece;
    else {
      if (cur) out.push(cur);
      cur = piece;
    }
  };
  for (const b of blocks) {
    if (b.kind === 'table') {
      const lines = monospaceTable(b.columns, b.rows, b.align);
      const parts = splitText(lines.join('\n'), budget - 10 - (b.heading?.length ?? 0));
      parts.forEach((p, i) => push((i === 0 && b.heading ? `**${b.heading}**\n` : '') + '```\n' + p + '\n```'));
    } else {
      const t = blockText(b);
      if (t) for (const p of splitText(t, budget)) push(p);
    }
  }
  if (cur) out.push(cur);
  return out;
}

function buttonRows(buttons: Button[], customId: CustomIdFn): DiscordMessage['components'] {
  const seen = new Set<string>();
  const list: DiscordButton[] = [];
  for (const b of buttons) {
    const id = customId(b.action, b.value);
    if (seen.has(id)) continue; // custom_id must be unique within a message
    seen.add(id);
    list.push({ type: 2, style: b.style === 'primary' ? 1 : b.style === 'danger' ? 4 : 2, label: clip(b.label, DISCORD_LIMITS.buttonLabel), custom_id: id });
  }
  const rows: DiscordMessage['components'] = [];
  for (let i = 0; i < list.length && rows.length < DISCORD_LIMITS.actionRows; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: 1, components: list.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return rows;
}

/**
 * A Reply as Discord messages (the reply, then follow-ups), each within the embed and component
 * limits. Content beyond DISCORD_LIMITS.messages messages is cut with a note of what was left out.
 */
export function renderDiscord(reply: Reply, customId: CustomIdFn = defaultCustomId): DiscordMessage[] {
  const color = TONE_COLOUR[reply.tone ?? 'info'];
  const embeds: DiscordEmbed[] = [];
  const chunks = descriptionChunks(reply.blocks);
  const first: DiscordEmbed = { title: clip(reply.title, DISCORD_LIMITS.title), color };
  if (chunks[0]) first.description = chunks[0];
  embeds.push(first);
  for (const c of chunks.slice(1)) embeds.push({ description: c, color });

  const fields = reply.blocks.flatMap((b) =>
    b.kind === 'fields'
      ? [
          ...(b.heading ? [{ name: clip(b.heading, DISCORD_LIMITS.fieldName), value: '\u200b', inline: false }] : []),
          ...b.fields.map((f) => ({ name: clip(f.label || '\u200b', DISCORD_LIMITS.fieldName), value: clip(f.value || '\u200b', DISCORD_LIMITS.fieldValue), inline: true })),
        ]
      : [],
  );
  for (let i = 0; i < fields.length; i += DISCORD_LIMITS.fields) {
    const slice = fields.slice(i, i + DISCORD_LIMITS.fields);
    // Fields join the first embed when there is room; otherwise they get their own.
    if (i === 0 && embedSize(first) + slice.reduce((n, f) => n + f.name.length + f.value.length, 0) <= 3000) first.fields = slice;
    else embeds.push({ color, fields: slice });
  }
  const footer = reply.blocks.flatMap((b) => (b.kind === 'context' ? [b.text] : [])).join('\n');
  if (footer) embeds[embeds.length - 1]!.footer = { text: clip(footer, DISCORD_LIMITS.footer) };
  if (reply.image) first.image = { url: `attachment://${reply.image.filename}` };

  // Pack embeds into messages.
  const messages: DiscordEmbed[][] = [[]];
  let total = 0;
  let cutAt = -1;
  const budget = DISCORD_LIMITS.embedTotal - 100; // room for the truncation note
  for (let i = 0; i < embeds.length; i++) {
    const e = embeds[i]!;
    const cur = messages[messages.length - 1]!;
    if (cur.length < DISCORD_LIMITS.embedsPerMessage && total + embedSize(e) <= budget) {
      cur.push(e);
      total += embedSize(e);
      continue;
    }
    if (messages.length >= DISCORD_LIMITS.messages) {
      cutAt = i;
      break;
    }
    messages.push([e]);
    total = embedSize(e);
  }
  if (cutAt >= 0) {
    const omitted = embeds.slice(cutAt).reduce((n, e) => n + countLines(e.description ?? '') + (e.fields?.length ?? 0), 0);
    const lastMsg = messages[messages.length - 1]!;
    const lastEmbed = lastMsg[lastMsg.length - 1]!;
    lastEmbed.footer = { text: clip(`${lastEmbed.footer ? lastEmbed.footer.text + '\n' : ''}${truncationNote(omitted)}`, DISCORD_LIMITS.footer) };
  }
  const flags = reply.ephemeral ? EPHEMERAL_FLAG : undefined;
  const files: DiscordMessage['files'] = [
    ...(reply.image ? [{ name: reply.image.filename, data: reply.image.png, contentType: 'image/png' }] : []),
    ...(reply.files ?? []).map((f) => ({ name: f.filename, data: f.content, contentType: f.contentType })),
  ];
  const rows = reply.buttons?.length ? buttonRows(reply.buttons, customId) : [];
  return messages.map((embedList, i) => ({
    embeds: embedList,
    components: i === messages.length - 1 ? rows : [],
    files: i === 0 ? files : [],
    ...(flags !== undefined ? { flags } : {}),
  }));
}
