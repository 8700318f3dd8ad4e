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
import { ButtonBoard } from './buttons.js';
import { askForm, CANCEL } from './form.js';
import { interpretLine, pressHint } from './input.js';

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
  /** Shared with the ConsolePoster, so a number presses the newest buttons, posted ones too. */
  board?: ButtonBoard;
}

/** Lines from a stream, one at a time, whether it is a terminal or a pipe. */
function lineReader(
  input: Readable,
  output: Writable,
  terminal: boolean,
): { next(prompt: string, inForm?: boolean): Promise<string | null | typeof CANCEL>; close(): void } {
  const rl = createInterface({ input, output, terminal, crlfDelay: Infinity });
  const queue: string[] = [];
  const waiting: Array<(l: string | null | typeof CANCEL) => void> = [];
  let closed = false;
  let formOpen = false;
  rl.on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else queue.push(l);
  });
  // Ctrl-C in a form cancels the form; at the prompt it leaves, as Ctrl-D does.
  rl.on('SIGINT', () => {
    const w = formOpen ? waiting.shift() : undefined;
    if (w) {
      // Readline keeps the half-typed line after Ctrl-C; drop it (Ctrl-U) so it does not prefix the next one.
      rl.write(null, { ctrl: true, name: 'u' });
      output.write('^C\n');
      w(CANCEL);
    } else {
      rl.close();
    }
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(null);
  });
  return {
    next(prompt, inForm = false) {
      formOpen = inForm;
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
  return ctx.config.dbPath === ':memory:'
    ? join(tmpdir(), 'sipbot-charts')
    : join(dirname(resolve(ctx.config.dbPath)), 'charts');
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
  const board = opts.board ?? new ButtonBoard();
  const names = src.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);

  const show = async (reply: Reply): Promise<void> => {
    const { modal, ...rest } = reply;
    if (!modal || rest.blocks.length) out(renderText(rest, { color: opts.color ?? false, width: opts.width ?? 80 }));
    for (const p of save(reply, saveDir)) out(`saved ${p}\n`);
    const all = replyButtons(reply);
    board.show(all);
    if (all.length) out(`${pressHint(all.length)}\n`);
    if (modal) await askModal(modal);
  };

  const askModal = async (modal: Modal): Promise<void> => {
    out(`\n${modal.title}${interactive ? ' (Ctrl-C cancels)' : ''}\n`);
    const ask = async (prompt: string): Promise<string | null | typeof CANCEL> => {
      if (!interactive) out(prompt);
      const answer = await lines.next(prompt, true);
      if (!interactive) out('\n');
      return answer;
    };
    const values = await askForm(modal, ask, (line) => out(`${line}\n`));
    if (!values) {
      out(`Cancelled: ${modal.title.toLowerCase()} not sent.\n`);
      return;
    }
    await show(await submitModal(src, ctx, who, modal.action, modal.privateValue, values));
  };

  if (opts.banner ?? interactive) {
    out(
      `sipbot console on ${ctx.config.dbPath}. Try: /sip 403, digest, check, help. Buttons: type their number. quit to leave.\n`,
    );
  }
  for (;;) {
    const raw = await lines.next('sip> ');
    if (raw === null) break;
    if (raw === CANCEL) continue;
    const input = interpretLine(raw, board.buttons, names);
    if (input.kind === 'skip') continue;
    if (input.kind === 'quit') break;
    if (!interactive) out(`> ${raw.trim()}\n`);
    if (input.kind === 'say') out(`${input.text}\n`);
    else if (input.kind === 'press')
      await show(await pressButton(src, ctx, who, input.button.action, input.button.value));
    else await show(await prepareText(src, ctx, who, input.text).run());
  }
  lines.close();
}

/** Writes the image and files of a reply; returns their paths. */
export function save(reply: Reply, dir: string): string[] {
  const items = [
    ...(reply.image ? [{ name: reply.image.filename, data: reply.image.png }] : []),
    ...(reply.files ?? []).map((f) => ({ name: f.filename, data: f.content })),
  ];
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
