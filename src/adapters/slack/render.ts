import type { Block, Button, Reply } from '../../reply.js';
import { monospaceTable } from '../shared/table.js';
import { clip, countLines, splitText, truncationNote } from '../shared/split.js';

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
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  /** Not documented: Slack answers msg_blocks_too_long near 12k characters of block text (bolt-js #2509). */
  messageChars: 11_000,
  /** A response_url takes 5 posts; a reply spreads over at most this many messages, then it is cut. */
  messages: 4,
} as const;

/** A Block Kit block (the subset we emit). */
export type SlackBlock = Record<string, unknown> & { type: string };

export interface SlackMessage {
  /** Notification / fallback text. */
  text: string;
  blocks: SlackBlock[];
}

/** Our markup (`**bold**`, `[label](url)`) to Slack mrkdwn, escaping &, <, >. */
export function toMrkdwn(s: string): string {
  const escaped = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/\*\*(.+?)\*\*/g, '*$1*').replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<$2|$1>');
}

function plain(t: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: clip(t.trim() || ' ', max), emoji: true };
}

function section(textMrkdwn: string): SlackBlock {
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
  const chunks = splitText(lines.join('\n'), budget);
  return chunks.map((c, i) => section(`${i === 0 && heading ? `*${toMrkdwn(heading)}*\n` : ''}\`\`\`${c}\`\`\``));
}

export function renderBlock(b: Block): SlackBlock[] {
  switch (b.kind) {
    case 'text':
      return sections(toMrkdwn(b.text), b.heading);
    case 'fields': {
      const out: SlackBlock[] = b.heading ? sections('', b.heading) : [];
      for (let i = 0; i < b.fields.length; i += SLACK_LIMITS.fieldsPerSection) {
        const fields = b.fields.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => ({
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
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: clip(toMrkdwn(b.text), SLACK_LIMITS.contextText) }] }];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      // In place, right under the text it acts on; ids are made unique per message in renderSlack.
      return b.buttons.length ? [{ type: 'actions', elements: b.buttons.slice(0, SLACK_LIMITS.actionsElements).map((btn, j) => buttonElement(btn, j)) }] : [];
  }
}

function buttonElement(btn: Button, n: number): Record<string, unknown> {
  const el: Record<string, unknown> = {
    type: 'button',
    text: plain(btn.label, SLACK_LIMITS.buttonText),
    action_id: clip(`${btn.action}:${n}`, SLACK_LIMITS.actionId),
    value: btn.value.slice(0, SLACK_LIMITS.buttonValue),
  };
  if (btn.style === 'primary' || btn.style === 'danger') el.style = btn.style;
  return el;
}

/** action_id must be unique within a message: number every button of it in order (`check.start:7`). */
function uniqueActionIds(blocks: SlackBlock[]): void {
  let n = 0;
  for (const b of blocks) {
    if (b.type !== 'actions') continue;
    for (const el of b.elements as Array<Record<string, unknown>>) el.action_id = clip(`${actionFromId(String(el.action_id))}:${n++}`, SLACK_LIMITS.actionId);
  }
}

/** Buttons as actions blocks; action_id = action (suffixed with its index: unique per message). */
export function renderButtons(buttons: Button[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < buttons.length; i += SLACK_LIMITS.actionsElements) {
    const elements = buttons.slice(i, i + SLACK_LIMITS.actionsElements).map((btn, j) => buttonElement(btn, i + j));
    out.push({ type: 'actions', block_id: `sipbot_actions_${i}`, elements });
  }
  return out;
}

/** The action name from an action_id made by renderButtons (`check.next:2` -> `check.next`). */
export function actionFromId(actionId: string): string {
  return actionId.replace(/:\d+$/, '');
}

function blockChars(b: SlackBlock): number {
  return JSON.stringify(b).length;
}

function blockLines(b: SlackBlock): number {
  const t = (b.text as { text?: string } | undefined)?.text;
  if (t) return countLines(t);
  const fields = b.fields as Array<{ text: string }> | undefined;
  return fields ? fields.length : 1;
}

/**
 * A Reply as one or more Slack messages, each within Block Kit's limits. Content that does not
 * fit in SLACK_LIMITS.messages messages is cut, and the cut says how many lines were left out.
 * Buttons go on the last message; the image is uploaded separately (files.uploadV2).
 */
export function renderSlack(reply: Reply): SlackMessage[] {
  const header: SlackBlock = { type: 'header', text: plain(reply.title, SLACK_LIMITS.headerText) };
  const content = reply.blocks.flatMap(renderBlock);
  const actions = reply.buttons?.length ? renderButtons(reply.buttons) : [];
  const fallback = clip(reply.title, SLACK_LIMITS.sectionText);

  const messages: SlackBlock[][] = [[header]];
  const reserveLast = actions.length + 1; // room for the buttons and a truncation note
  let size = blockChars(header);
  let cutAt = -1;
  for (let i = 0; i < content.length; i++) {
    const b = content[i]!;
    const cur = messages[messages.length - 1]!;
    const fits = cur.length + 1 <= SLACK_LIMITS.blocksPerMessage - reserveLast && size + blockChars(b) <= SLACK_LIMITS.messageChars - 1500;
    if (fits) {
      cur.push(b);
      size += blockChars(b);
      continue;
    }
    if (messages.length >= SLACK_LIMITS.messages) {
      cutAt = i;
      break;
    }
    messages.push([b]);
    size = blockChars(b);
  }
  const last = messages[messages.length - 1]!;
  if (cutAt >= 0) {
    const omitted = content.slice(cutAt).reduce((n, b) => n + blockLines(b), 0);
    last.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncationNote(omitted) }] });
  }
  last.push(...actions);
  for (const m of messages) uniqueActionIds(m);
  return messages.map((blocks, i) => ({ text: i === 0 ? fallback : `${fallback} (continued)`, blocks }));
}
