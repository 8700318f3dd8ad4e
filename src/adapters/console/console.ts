import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Ctx, Invoker } from '../../context.js';
import { replyButtons, type Modal, type Reply } from '../../reply.js';
import { renderText } from '../../render/text.js';
import { registrySource, type CommandSource } from '../shared/commands.js';
import { prepareText, pressButton, submitModal } from '../shared/run.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  commands?: CommandSource;
  /** Where charts and files are saved (default: a `charts` folder beside the database). */
  saveDir?: string;
  color?: boolean;
  width?: number;
  /** Show a prompt and the banner (a TTY); piped input gets only the answers. */
  interactive?: boolean;
  /** Print the one-line banner (default: when interactive). */
  banner?: boolean;
}

const QUIT = new Set(['quit', 'exit', '\\q', ':q']);

/** Lines from a stream, one at a time, whether it is a terminal or a pipe. */
function lineReader(input: Readable, output: Writable, terminal: boolean): { next(prompt: string): Promise<string | null>; close(): void } {
  const rl = createInterface({ input, output, terminal, crlfDelay: Infinity });
  const queue: string[] = [];
  const waiting: Array<(l: string | null) => void> = [];
  let closed = false;
  rl.on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else queue.push(l);
  });
  // Ctrl-C at the prompt leaves, as Ctrl-D does.
  rl.on('SIGINT', () => rl.close());
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(null);
  });
  return {
    next(prompt) {
      if (queue.length) return Promise.resolve(queue.shift()!);
      if (closed) return Promise.resolve(null);
      if (terminal) {
        rl.setPrompt(prompt);
        rl.prompt();
      }
      return new Promise((r) => waiting.push(r));
    },
    close: () => rl.close(),
  };
}

export function defaultSaveDir(ctx: Ctx): string {
  return ctx.config.dbPath === ':memory:' ? join(tmpdir(), 'sipbot-charts') : join(dirname(resolve(ctx.config.dbPath)), 'charts');
}

/**
 * The local console: `/sip 403`, `403`, `digest`, `check +1212...`; buttons are numbered and
 * pressed by typing the number; a form is asked field by field; charts are saved to files.
 * Resolves when the input ends or the user types `quit`.
 */
export async function runConsole(ctx: Ctx, opts: ConsoleOptions): Promise<void> {
  const src = opts.commands ?? registrySource;
  const interactive = opts.interactive ?? false;
  const out = (s: string): void => {
    opts.output.write(s);
  };
  const lines = lineReader(opts.input, opts.output, interactive);
  const who: Invoker = { platform: 'console', userId: safeUser(), channelId: 'console' };
  const saveDir = opts.saveDir ?? defaultSaveDir(ctx);
  let buttons: NonNullable<Reply['buttons']> = [];

  const show = async (reply: Reply): Promise<void> => {
    const { modal, ...rest } = reply;
    if (!modal || rest.blocks.length) out(renderText(rest, { color: opts.color ?? false, width: opts.width ?? 80 }));
    for (const p of save(reply, saveDir)) out(`saved ${p}\n`);
    buttons = replyButtons(reply);
    if (buttons.length) out(`(type 1-${buttons.length} to press a button)\n`);
    if (modal) await show(await askModal(modal));
  };

  const askModal = async (modal: Modal): Promise<Reply> => {
    out(`\n${modal.title}\n`);
    const values: Record<string, string> = {};
    for (const inp of modal.inputs) {
      const choices = inp.options?.length ? ` [${inp.options.map((o) => o.value).join('/')}]` : '';
      const hint = `${inp.label}${inp.required ? '' : ' (optional)'}${choices}${inp.initial ? ` (default ${inp.initial})` : ''}: `;
      if (!interactive) out(hint);
      const answer = (await lines.next(hint)) ?? '';
      if (!interactive) out('\n');
      const v = answer.trim() || inp.initial || '';
      if (v) values[inp.id] = inp.options?.length ? (inp.options.find((o) => o.value === v || o.label.toLowerCase() === v.toLowerCase())?.value ?? v) : v;
    }
    return submitModal(src, ctx, who, modal.action, modal.privateValue, values);
  };

  if (opts.banner ?? interactive) {
    out(`sipbot console on ${ctx.config.dbPath}. Try: /sip 403, digest, check, help. Buttons: type their number. quit to leave.\n`);
  }
  for (;;) {
    const raw = await lines.next('sip> ');
    if (raw === null) break;
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (QUIT.has(line.toLowerCase())) break;
    if (!interactive) out(`> ${line}\n`);
    // 1-99 press a button; 100 and up are SIP codes (`403`), which go to explain.
    if (/^\d{1,2}$/.test(line) && buttons.length) {
      const b = buttons[Number(line) - 1];
      if (!b) {
        out(`No button ${line}; choose 1-${buttons.length}.\n`);
        continue;
      }
      await show(await pressButton(src, ctx, who, b.action, b.value));
      continue;
    }
    const text = line.replace(/^\/?sip\b\s*/i, '');
    await show(await prepareText(src, ctx, who, text).run());
  }
  lines.close();
}

/** Writes the image and files of a reply; returns their paths. */
export function save(reply: Reply, dir: string): string[] {
  const items = [...(reply.image ? [{ name: reply.image.filename, data: reply.image.png }] : []), ...(reply.files ?? []).map((f) => ({ name: f.filename, data: f.content }))];
  if (!items.length) return [];
  mkdirSync(dir, { recursive: true });
  return items.map((it) => {
    const p = join(dir, it.name.replace(/[^\w.-]/g, '_'));
    writeFileSync(p, it.data);
    return p;
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'console';
  }
}
