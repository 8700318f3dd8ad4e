/**
 * The platform-neutral message. Commands return one; adapters render it (Block Kit, Discord
 * embeds, plain text) and own every platform limit. Text uses a small common markup:
 * `**bold**`, `` `code` ``, `_italic_`, and `[label](https://url)` links; renderers translate it.
 */
export interface Reply {
  title: string;
  blocks: Block[];
  buttons?: Button[];
  image?: ReplyImage;
  /** Only the asker needs it (Slack ephemeral, Discord ephemeral flag). */
  ephemeral?: boolean;
  /** When answering a button press: replace the message that held the button. */
  replaceOriginal?: boolean;
  /** Ask for structured input instead of (or before) answering. */
  modal?: Modal;
  /** Attachments besides the image (evidence bundles as JSON/CSV). */
  files?: ReplyFile[];
  /** A colour hint for the accent bar: ok, warn, bad, info. */
  tone?: 'ok' | 'warn' | 'bad' | 'info';
  /** Set when the reply stands for a failure: `user` (a UserError: the user can correct it) or `bug`. */
  problem?: { kind: 'user' | 'bug'; code: string };
}

export type Block =
  | { kind: 'text'; text: string; heading?: string }
  | { kind: 'fields'; fields: Field[]; heading?: string }
  | { kind: 'table'; columns: string[]; rows: string[][]; heading?: string; align?: Array<'left' | 'right'> }
  | { kind: 'list'; items: string[]; heading?: string; ordered?: boolean }
  | { kind: 'context'; text: string }
  | { kind: 'divider' }
  /**
   * Buttons that belong to the block before them (a digest finding's Show calls, checklist,
   * escalate), rendered in place where the platform can. `label` names what they act on, for
   * platforms that must gather buttons away from the text (Discord: `#2 Show calls`).
   */
  | { kind: 'actions'; buttons: Button[]; label?: string };

export interface Field {
  label: string;
  value: string;
}

/**
 * A button. `action` names the handler (`check.start`, `escalate.open`, ...); `value` is its
 * argument. Discord packs both into a custom_id of at most 100 characters, so keep
 * `action.length + value.length + 1 <= 100`; put anything longer in the database and pass its id.
 */
export interface Button {
  label: string;
  action: string;
  value: string;
  style?: 'primary' | 'danger' | 'secondary';
}

export interface ReplyImage {
  filename: string;
  png: Buffer;
  alt: string;
}

export interface ReplyFile {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface Modal {
  /** Handler id, as for buttons; the value travels in `privateValue`. */
  action: string;
  privateValue: string;
  title: string;
  submitLabel?: string;
  inputs: ModalInput[];
}

export interface ModalInput {
  id: string;
  label: string;
  style: 'short' | 'paragraph' | 'select';
  required: boolean;
  initial?: string;
  placeholder?: string;
  /** For `select`. */
  options?: Array<{ label: string; value: string }>;
  maxLength?: number;
}

export const MAX_CUSTOM_ID = 100;

/** Every button of a reply in reading order: those placed beside blocks, then the reply's own. */
export function replyButtons(r: Pick<Reply, 'blocks' | 'buttons'>): Button[] {
  return [...r.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons : [])), ...(r.buttons ?? [])];
}

export function text(t: string, heading?: string): Block {
  return heading === undefined ? { kind: 'text', text: t } : { kind: 'text', text: t, heading };
}

/**
 * A mention of a chat user inside Reply text: `<@slack:U0123|alice>`. Each renderer turns it into
 * a real mention when the user is on its own platform, and into the name elsewhere, so core code
 * writes one text for every platform.
 */
export function mention(platform: string, userId: string, name?: string | null): string {
  const label = name ? `|${name.replace(/[|<>\n]/g, '')}` : '';
  return `<@${platform}:${userId.replace(/[|<>\s]/g, '')}${label}>`;
}

const MENTION_RE = /<@([a-z]+):([^|<>\s]+)(?:\|([^<>\n]*))?>/g;

/**
 * Splits text around mentions: `plain` gets the text between them (to escape or translate),
 * `mentioned` renders each mention.
 */
export function mapMentions(
  text: string,
  plain: (s: string) => string,
  mentioned: (platform: string, userId: string, name: string | undefined) => string,
): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MENTION_RE)) {
    out += plain(text.slice(last, m.index)) + mentioned(m[1]!, m[2]!, m[3] || undefined);
    last = m.index + m[0].length;
  }
  return out + plain(text.slice(last));
}
