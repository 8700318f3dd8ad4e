import { mapMentions, type Block, type Button, type Reply } from '../../reply.js';
import { monospaceTable } from '../shared/table.js';
import { clip, splitText } from '../shared/split.js';

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
  /** Past 25 buttons: 4 rows of buttons and one "More actions" select of up to 25 options per message. */
  buttonsPerMessage: 25,
  selectOptions: 25,
  selectPlaceholder: 150,
  optionLabel: 100,
  optionValue: 100,
  /** One answer: a reply plus follow-ups; shared/fit.ts moves the rest to a file. */
  messagesPerAnswer: 5,
} as const;

export const EPHEMERAL_FLAG = 1 << 6;

/** Characters of fields per embed: room for a footer under Discord's 6,000 per message. */
const FIELD_BUDGET = 3500;

const TONE_COLOUR: Record<NonNullable<Reply['tone']>, number> = {
  ok: 0x2eb67d,
  warn: 0xecb22e,
  bad: 0xe01e5a,
  info: 0x36c5f0,
};

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

/** A string select (component type 3): the "More actions" menu past 25 buttons. */
export interface DiscordSelect {
  type: 3;
  custom_id: string;
  placeholder: string;
  options: Array<{ label: string; value: string }>;
}

export type DiscordRow = { type: 1; components: DiscordButton[] } | { type: 1; components: [DiscordSelect] };

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: DiscordRow[];
  files: Array<{ name: string; data: Buffer; contentType?: string }>;
  flags?: number;
}

/** custom_id for a button; the adapter swaps in a stored id when `action|value` is too long. */
export type CustomIdFn = (action: string, value: string) => string;

export const defaultCustomId: CustomIdFn = (action, value) => {
  const id = `${action}|${value}`;
  if (id.length > DISCORD_LIMITS.customId)
    throw new Error(`button ${action}: custom_id over ${DISCORD_LIMITS.customId} characters`);
  return id;
};

/** The custom_id of the "More actions" select; its options' values are button ids. */
export const MORE_SELECT_ID = 'sipbot.more';

/** A user of this platform is mentioned for real (`<@123>`); anyone else by name. */
export function discordMention(platform: string, userId: string, name: string | undefined): string {
  return platform === 'discord' ? `<@${userId}>` : `@${name ?? userId}`;
}

const withMentions = (t: string): string => mapMentions(t, (x) => x, discordMention);

/** Every text of the reply with mentions rendered for Discord. */
function mentionsIn(reply: Reply): Reply {
  const blocks = reply.blocks.map((b): Block => {
    switch (b.kind) {
      case 'text':
      case 'context':
        return { ...b, text: withMentions(b.text) };
      case 'list':
        return { ...b, items: b.items.map(withMentions) };
      case 'fields':
        return { ...b, fields: b.fields.map((f) => ({ label: f.label, value: withMentions(f.value) })) };
      default:
        return b;
    }
  });
  return {
    ...reply,
    title: mapMentions(
      reply.title,
      (x) => x,
      (_p, id, name) => `@${name ?? id}`,
    ),
    blocks,
  };
}

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
      return (
        (b.heading ? `**${b.heading}**\n` : '') +
        b.items.map((it, i) => `${b.ordered ? `${i + 1}.` : '•'} ${it}`).join('\n')
      );
    case 'table':
      return (
        (b.heading ? `**${b.heading}**\n` : '') +
        '```\n' +
        monospaceTable(b.columns, b.rows, b.align).join('\n') +
        '\n```'
      );
    default:
      return '';
  }
}

function embedSize(e: DiscordEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
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

/**
 * Buttons as action rows, split over as many messages as they need: up to 25 as buttons (5 rows
 * of 5); past that, each message holds 4 rows of buttons and a "More actions" select of up to 25.
 * Nothing is dropped; a custom_id repeated in one message (Discord refuses that) is shown once.
 */
export function buttonMessages(buttons: Button[], customId: CustomIdFn): DiscordRow[][] {
  const seen = new Set<string>();
  const list: Array<{ b: Button; id: string }> = [];
  for (const b of buttons) {
    const id = customId(b.action, b.value);
    if (seen.has(id)) continue;
    seen.add(id);
    list.push({ b, id });
  }
  const rowsOf = (items: typeof list): DiscordRow[] => {
    const rows: DiscordRow[] = [];
    for (let i = 0; i < items.length; i += DISCORD_LIMITS.buttonsPerRow) {
      rows.push({
        type: 1,
        components: items.slice(i, i + DISCORD_LIMITS.buttonsPerRow).map(({ b, id }) => ({
          type: 2,
          style: b.style === 'primary' ? 1 : b.style === 'danger' ? 4 : 2,
          label: clip(b.label, DISCORD_LIMITS.buttonLabel),
          custom_id: id,
        })),
      });
    }
    return rows;
  };
  if (list.length <= DISCORD_LIMITS.buttonsPerMessage) return list.length ? [rowsOf(list)] : [];
  const perMessage = (DISCORD_LIMITS.actionRows - 1) * DISCORD_LIMITS.buttonsPerRow;
  const out: DiscordRow[][] = [];
  for (let i = 0; i < list.length; i += perMessage + DISCORD_LIMITS.selectOptions) {
    const shown = list.slice(i, i + perMessage);
    const more = list.slice(i + perMessage, i + perMessage + DISCORD_LIMITS.selectOptions);
    const rows = rowsOf(shown);
    if (more.length) {
      rows.push({
        type: 1,
        components: [
          {
            type: 3,
            custom_id: `${MORE_SELECT_ID}:${out.length}`,
            placeholder: 'More actions',
            options: more.map(({ b, id }) => ({ label: clip(b.label, DISCORD_LIMITS.optionLabel), value: id })),
          },
        ],
      });
    }
    out.push(rows);
  }
  return out;
}

/**
 * One action row per group of block buttons (a finding's actions on a row of their own), then the
 * reply's buttons, when that fits one message's 5 rows; null when it does not (buttonMessages
 * then fills rows and a "More actions" menu).
 */
function groupRows(groups: Button[][], own: Button[], customId: CustomIdFn): DiscordRow[] | null {
  if (!groups.length || groups.some((g) => g.length > DISCORD_LIMITS.buttonsPerRow)) return null;
  const ownRows = own.length ? (buttonMessages(own, customId)[0] ?? []) : [];
  if (groups.length + ownRows.length > DISCORD_LIMITS.actionRows) return null;
  const ids = new Set(ownRows.flatMap((r) => r.components.map((c) => c.custom_id)));
  const rows: DiscordRow[] = [];
  for (const g of groups) {
    const row = (buttonMessages(g, customId)[0] ?? [])[0];
    if (!row || row.components.some((c) => ids.has(c.custom_id))) return null; // a repeated custom_id: let buttonMessages dedupe
    for (const c of row.components) ids.add(c.custom_id);
    rows.push(row);
  }
  return [...rows, ...ownRows];
}

/**
 * A Reply as Discord messages (the reply, then follow-ups), each within the embed and component
 * limits: content is split, never cut (how many messages one answer may take is shared/fit.ts's
 * business). Buttons go on the last message, or on messages of their own past 25.
 */
export function renderDiscord(input: Reply, customId: CustomIdFn = defaultCustomId): DiscordMessage[] {
  const reply = mentionsIn(input);
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
          ...b.fields.map((f) => ({
            name: clip(f.label || '\u200b', DISCORD_LIMITS.fieldName),
            value: clip(f.value || '\u200b', DISCORD_LIMITS.fieldValue),
            inline: true,
          })),
        ]
      : [],
  );
  // Fields go in embeds of at most 25, and of at most FIELD_BUDGET characters (so an embed never
  // passes the 6,000 total on its own); the first group joins the first embed when there is room.
  const groups: Array<typeof fields> = [];
  let size = 0;
  for (const f of fields) {
    const n = f.name.length + f.value.length;
    const cur = groups[groups.length - 1];
    if (cur && cur.length < DISCORD_LIMITS.fields && size + n <= FIELD_BUDGET) {
      cur.push(f);
      size += n;
    } else {
      groups.push([f]);
      size = n;
    }
  }
  groups.forEach((g, i) => {
    if (i === 0 && embedSize(first) + g.reduce((n, f) => n + f.name.length + f.value.length, 0) <= 3000)
      first.fields = g;
    else embeds.push({ color, fields: g });
  });
  const footer = reply.blocks.flatMap((b) => (b.kind === 'context' ? [b.text] : [])).join('\n');
  if (footer) {
    // A footer too long for one embed continues in embeds of its own.
    const parts = splitText(footer, DISCORD_LIMITS.footer);
    const last = embeds[embeds.length - 1]!;
    const rest = embedSize(last) + parts[0]!.length <= DISCORD_LIMITS.embedTotal ? parts.slice(1) : parts;
    if (rest.length < parts.length) last.footer = { text: parts[0]! };
    for (const p of rest) embeds.push({ color, footer: { text: p } });
  }
  if (reply.image) first.image = { url: `attachment://${reply.image.filename}` };

  // Pack embeds into messages: at most 10 each, and 6,000 characters across them.
  const messages: DiscordEmbed[][] = [[]];
  let total = 0;
  for (const e of embeds) {
    const cur = messages[messages.length - 1]!;
    if (cur.length < DISCORD_LIMITS.embedsPerMessage && total + embedSize(e) <= DISCORD_LIMITS.embedTotal) {
      cur.push(e);
      total += embedSize(e);
    } else {
      messages.push([e]);
      total = embedSize(e);
    }
  }
  const flags = reply.ephemeral ? EPHEMERAL_FLAG : undefined;
  const files: DiscordMessage['files'] = [
    ...(reply.image ? [{ name: reply.image.filename, data: reply.image.png, contentType: 'image/png' }] : []),
    ...(reply.files ?? []).map((f) => ({ name: f.filename, data: f.content, contentType: f.contentType })),
  ];
  // Embeds hold no buttons: a block's own buttons (a digest finding's actions) come first, in
  // reading order, labelled with what they act on (`#2 Show calls`); the reply's buttons follow.
  const blockButtons = reply.blocks.flatMap((b) =>
    b.kind === 'actions' && b.buttons.length
      ? [b.buttons.map((x) => (b.label ? { ...x, label: `${b.label} ${x.label}` } : x))]
      : [],
  );
  const all = [...blockButtons.flat(), ...(reply.buttons ?? [])];
  const byGroup = groupRows(blockButtons, reply.buttons ?? [], customId);
  const buttonMsgs = byGroup ? [byGroup] : all.length ? buttonMessages(all, customId) : [];
  const out: DiscordMessage[] = messages.map((embedList, i) => ({
    embeds: embedList,
    components: i === messages.length - 1 ? (buttonMsgs[0] ?? []) : [],
    files: i === 0 ? files : [],
    ...(flags !== undefined ? { flags } : {}),
  }));
  for (const rows of buttonMsgs.slice(1))
    out.push({ embeds: [], components: rows, files: [], ...(flags !== undefined ? { flags } : {}) });
  return out;
}
