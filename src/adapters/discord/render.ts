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
  selectOptions: 25,
  selectOptionText: 100,
  selectPlaceholder: 150,
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

/** A string select: what a message's buttons turn into past the 5 action rows. */
export interface DiscordSelect {
  type: 3;
  custom_id: string;
  placeholder: string;
  options: Array<{ label: string; value: string }>;
}

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: Array<{ type: 1; components: DiscordButton[] | [DiscordSelect] }>;
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

/** The custom_id of the select menu that holds the buttons past the row limit; its values are the buttons' custom_ids. */
export const MENU_CUSTOM_ID = 'sipbot.menu';

function discordButtons(buttons: Button[], customId: CustomIdFn, seen: Set<string>, prefix = ''): DiscordButton[] {
  const list: DiscordButton[] = [];
  for (const b of buttons) {
    const id = customId(b.action, b.value);
    if (seen.has(id)) continue; // custom_id must be unique within a message
    seen.add(id);
    list.push({ type: 2, style: b.style === 'primary' ? 1 : b.style === 'danger' ? 4 : 2, label: clip(prefix + b.label, DISCORD_LIMITS.buttonLabel), custom_id: id });
  }
  return list;
}

/**
 * A message's components. Buttons that belong to a block (a digest finding's actions) get a row
 * each, labelled with what they act on, in reading order; the reply's own buttons come last.
 * Past the 5 rows, the remaining blocks' buttons go into one select menu ("More actions"), so
 * every finding keeps its actions.
 */
function componentRows(reply: Reply, customId: CustomIdFn): DiscordMessage['components'] {
  const seen = new Set<string>();
  const own = discordButtons(reply.buttons ?? [], customId, seen);
  const ownRows: DiscordMessage['components'] = [];
  for (let i = 0; i < own.length && ownRows.length < DISCORD_LIMITS.actionRows; i += DISCORD_LIMITS.buttonsPerRow) {
    ownRows.push({ type: 1, components: own.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  const groups = reply.blocks.flatMap((b) => (b.kind === 'actions' && b.buttons.length ? [b] : []));
  const free = DISCORD_LIMITS.actionRows - ownRows.length;
  const inRows = groups.length <= free ? groups : groups.slice(0, Math.max(0, free - 1));
  const rows: DiscordMessage['components'] = inRows.map((g) => ({
    type: 1,
    components: discordButtons(g.buttons.slice(0, DISCORD_LIMITS.buttonsPerRow), customId, seen, g.label ? `${g.label} ` : ''),
  }));
  const rest = groups.slice(inRows.length);
  if (rest.length && free > 0) {
    const options = rest.flatMap((g) => g.buttons.map((b) => ({ label: clip(`${g.label ? `${g.label} ` : ''}${b.label}`, DISCORD_LIMITS.selectOptionText), value: customId(b.action, b.value) })));
    const names = rest.map((g) => g.label).filter(Boolean);
    rows.push({
      type: 1,
      components: [{
        type: 3, custom_id: MENU_CUSTOM_ID,
        placeholder: clip(`More actions${names.length ? ` (${names[0]}${names.length > 1 ? ` to ${names.at(-1)}` : ''})` : ''}`, DISCORD_LIMITS.selectPlaceholder),
        options: options.slice(0, DISCORD_LIMITS.selectOptions),
      }],
    });
  }
  return [...rows.filter((r) => r.components.length), ...ownRows];
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
  const rows = componentRows(reply, customId);
  return messages.map((embedList, i) => ({
    embeds: embedList,
    components: i === messages.length - 1 ? rows : [],
    files: i === 0 ? files : [],
    ...(flags !== undefined ? { flags } : {}),
  }));
}
