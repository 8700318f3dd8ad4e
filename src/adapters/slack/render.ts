import type { types } from '@slack/bolt';
import { mapMentions, type Block, type Button, type Reply } from '../../reply.js';
import type { ButtonIdFn } from '../shared/button-payload.js';
import { monospaceTable } from '../shared/table.js';
import { clip, splitText } from '../shared/split.js';

/** Slack Block Kit limits (docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  /** Buttons shown as buttons; the rest go into "More actions" menus of up to 100 options. */
  buttons: 25,
  selectOptions: 100,
  optionText: 75,
  optionValue: 75,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  /** Not documented: Slack answers msg_blocks_too_long near 12k characters of block text (bolt-js #2509). */
  messageChars: 11_000,
  /** A response_url takes 5 posts: one answer is at most this many messages (shared/fit.ts moves the rest to a file). */
  messagesPerAnswer: 5,
  /** Home tab views hold 100 blocks. */
  homeBlocks: 100,
} as const;

/** A Block Kit block, typed with Slack's own definitions (@slack/types): tsc checks every block we build. */
export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** Notification / fallback text. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's three control characters (docs.slack.dev/messaging/formatting-message-text#escaping). */
export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A user of this platform is mentioned for real (`<@U0123>`); anyone else by name. */
export function slackMention(platform: string, userId: string, name: string | undefined): string {
  return platform === 'slack' ? `<@${userId}>` : escapeSlack(`@${name ?? userId}`);
}

/** Our markup (`**bold**`, `[label](url)`, mentions) to Slack mrkdwn, escaping &, <, > everywhere else. */
export function toMrkdwn(s: string): string {
  return mapMentions(
    s,
    (t) =>
      escapeSlack(t)
        .replace(/\*\*(.+?)\*\*/g, '*$1*')
        .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<$2|$1>'),
    slackMention,
  );
}

function plain(t: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clip(t.trim() || ' ', max), emoji: true };
}

function section(textMrkdwn: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: textMrkdwn } };
}

/** Mrkdwn sections for a long text: split between lines, each section within the limit. */
function sections(mrkdwn: string, heading?: string): SlackBlock[] {
  const body = heading ? `*${toMrkdwn(heading)}*\n${mrkdwn}` : mrkdwn;
  if (!body.trim()) return [];
  return splitText(body, SLACK_LIMITS.sectionText).map(section);
}

/** Code-block sections: each chunk is wrapped in ``` and stays within the section limit. */
function codeSections(lines: string[], heading?: string): SlackBlock[] {
  const budget = SLACK_LIMITS.sectionText - 8 - (heading ? heading.length + 4 : 0);
  // Escaped inside code blocks too: Slack parses &, <, > there as well (`AT&T <east>`).
  const chunks = splitText(lines.map(escapeSlack).join('\n'), budget);
  return chunks.map((c, i) => section(`${i === 0 && heading ? `*${toMrkdwn(heading)}*\n` : ''}\`\`\`${c}\`\`\``));
}

export function renderBlock(b: Block): SlackBlock[] {
  switch (b.kind) {
    case 'text':
      return sections(toMrkdwn(b.text), b.heading);
    case 'fields': {
      const out: SlackBlock[] = b.heading ? sections('', b.heading) : [];
      for (let i = 0; i < b.fields.length; i += SLACK_LIMITS.fieldsPerSection) {
        const fields = b.fields.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f): types.MrkdwnElement => ({
          type: 'mrkdwn',
          text: clip(`*${toMrkdwn(f.label)}*\n${toMrkdwn(f.value) || ' '}`, SLACK_LIMITS.fieldText),
        }));
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'table':
      return codeSections(monospaceTable(b.columns, b.rows, b.align), b.heading);
    case 'list': {
      const items = b.items.map((it, i) => `${b.ordered ? `${i + 1}.` : '•'} ${toMrkdwn(it)}`);
      return sections(items.join('\n'), b.heading);
    }
    case 'context':
      return [
        { type: 'context', elements: [{ type: 'mrkdwn', text: clip(toMrkdwn(b.text), SLACK_LIMITS.contextText) }] },
      ];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return blockActions(b.buttons, defaultButtonId);
  }
}

function buttonElement(btn: Button, n: number, buttonId: ButtonIdFn): types.Button {
  const el: types.Button = {
    type: 'button',
    text: plain(btn.label, SLACK_LIMITS.buttonText),
    action_id: clip(`${btn.action}:${n}`, SLACK_LIMITS.actionId),
  };
  // Slack refuses an empty value; a button without one reads back as ''.
  if (btn.value) el.value = btn.value.length <= SLACK_LIMITS.buttonValue ? btn.value : buttonId(btn.action, btn.value);
  if (btn.style === 'primary' || btn.style === 'danger') el.style = btn.style;
  return el;
}

/** A block's own buttons (a digest finding's actions), in place right under it. */
function blockActions(buttons: Button[], buttonId: ButtonIdFn): SlackBlock[] {
  if (!buttons.length) return [];
  return [
    {
      type: 'actions',
      elements: buttons.slice(0, SLACK_LIMITS.actionsElements).map((btn, j) => buttonElement(btn, j, buttonId)),
    },
  ];
}

/** action_id must be unique within a message: number every button of it in order (`check.start:7`). */
function uniqueActionIds(blocks: SlackBlock[]): void {
  let n = 0;
  for (const b of blocks) {
    if (b.type !== 'actions') continue;
    for (const el of b.elements) {
      if (el.type === 'button')
        el.action_id = clip(`${actionFromId(String(el.action_id))}:${n++}`, SLACK_LIMITS.actionId);
    }
  }
}

/**
 * Buttons as actions blocks (action_id = action suffixed with its index: unique per message);
 * past SLACK_LIMITS.buttons, the rest become "More actions" menus whose options carry
 * `buttonId(action, value)` (at most 75 characters).
 */
export function renderButtons(buttons: Button[], buttonId: ButtonIdFn = defaultButtonId): SlackBlock[] {
  const out: SlackBlock[] = [];
  const shown = buttons.slice(0, SLACK_LIMITS.buttons);
  for (let i = 0; i < shown.length; i += SLACK_LIMITS.actionsElements) {
    const elements = shown
      .slice(i, i + SLACK_LIMITS.actionsElements)
      .map((btn, j) => buttonElement(btn, i + j, buttonId));
    out.push({ type: 'actions', block_id: `sipbot_actions_${i}`, elements });
  }
  const rest = buttons.slice(SLACK_LIMITS.buttons);
  for (let i = 0; i < rest.length; i += SLACK_LIMITS.selectOptions) {
    const options = rest
      .slice(i, i + SLACK_LIMITS.selectOptions)
      .map((btn) => ({ text: plain(btn.label, SLACK_LIMITS.optionText), value: buttonId(btn.action, btn.value) }));
    out.push({
      type: 'actions',
      block_id: `sipbot_more_${i}`,
      elements: [
        {
          type: 'static_select',
          action_id: `${MORE_ACTION}:${i}`,
          placeholder: plain(i === 0 ? 'More actions' : 'Even more actions', SLACK_LIMITS.optionText),
          options,
        },
      ],
    } satisfies types.ActionsBlock);
  }
  return out;
}

const MORE_ACTION = 'sipbot.more';

/** `action|value` within Slack's 75-character option value; the adapter swaps in a stored id beyond. */
export const defaultButtonId: ButtonIdFn = (action, value) => {
  const id = `${action}|${value}`;
  if (id.length > SLACK_LIMITS.optionValue)
    throw new Error(`button ${action}: option value over ${SLACK_LIMITS.optionValue} characters`);
  return id;
};

/** The action name from an action_id made by renderButtons (`check.next:2` -> `check.next`). */
export function actionFromId(actionId: string): string {
  return actionId.replace(/:\d+$/, '');
}

/**
 * What a block_actions entry pressed: a button's action and value, or the option picked in a
 * "More actions" menu (an id for `readId`). Undefined for anything else.
 */
export async function pressedAction(
  a: { type: string; action_id: string; value?: string; selected_option?: { value: string } | null },
  readId: (id: string) => Promise<{ action: string; value: string } | undefined>,
): Promise<{ action: string; value: string } | undefined> {
  if (a.type === 'button') return { action: actionFromId(a.action_id), value: a.value ?? '' };
  if (a.type === 'static_select' && actionFromId(a.action_id) === MORE_ACTION && a.selected_option)
    return readId(a.selected_option.value);
  return undefined;
}

function blockChars(b: SlackBlock): number {
  return JSON.stringify(b).length;
}

/**
 * A Reply as Slack messages, each within Block Kit's limits: content is split between blocks and
 * lines, never cut (how many messages one answer may take is the delivery's business:
 * shared/fit.ts). Buttons go on the last message; the image and files are uploaded separately.
 */
export function renderSlack(reply: Reply, buttonId: ButtonIdFn = defaultButtonId): SlackMessage[] {
  const header: SlackBlock = { type: 'header', text: plain(reply.title, SLACK_LIMITS.headerText) };
  const content = reply.blocks.flatMap((b) =>
    b.kind === 'actions' ? blockActions(b.buttons, buttonId) : renderBlock(b),
  );
  const actions = reply.buttons?.length ? renderButtons(reply.buttons, buttonId) : [];
  const fallback = clip(reply.title, SLACK_LIMITS.sectionText);
  const maxChars = SLACK_LIMITS.messageChars - 1500;
  const messages: SlackBlock[][] = [[header]];
  let size = blockChars(header);
  for (const b of [...content, ...actions]) {
    const cur = messages[messages.length - 1]!;
    if (cur.length + 1 <= SLACK_LIMITS.blocksPerMessage && size + blockChars(b) <= maxChars) {
      cur.push(b);
      size += blockChars(b);
    } else {
      messages.push([b]);
      size = blockChars(b);
    }
  }
  for (const m of messages) uniqueActionIds(m);
  return messages.map((blocks, i) => ({ text: i === 0 ? fallback : `${fallback} (continued)`, blocks }));
}

/** The Home tab: the same blocks as a message, in one view of at most 100 blocks. */
export function renderSlackHome(reply: Reply, buttonId: ButtonIdFn = defaultButtonId): types.HomeView {
  const blocks = renderSlack({ ...reply, ephemeral: false }, buttonId).flatMap((m) => m.blocks);
  if (blocks.length > SLACK_LIMITS.homeBlocks) {
    const kept = blocks.slice(0, SLACK_LIMITS.homeBlocks - 1);
    kept.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${blocks.length - kept.length} more blocks: \`/sip status\` shows everything.` },
      ],
    });
    return { type: 'home', blocks: kept };
  }
  return { type: 'home', blocks };
}
