import type { Readable, Writable } from 'node:stream';
import type { Ctx } from '../../context.js';
import type { ChatPlatform, PlatformDeps } from '../platform.js';
import { ButtonBoard } from './buttons.js';
import { defaultSaveDir, runConsole, save } from './console.js';
import { ConsolePoster } from './poster.js';

/** Options of this platform (ServeOptions.platforms.console): where it reads and writes. */
export interface ConsolePlatformOptions {
  /** The context the console's commands run on (serve: the demo database while the real one is empty); default the services'. */
  ctx?: Ctx;
  input: Readable;
  output: Writable;
  saveDir?: string;
  interactive?: boolean;
  color?: boolean;
  width?: number;
  banner?: boolean;
}

/**
 * The local console as a chat platform: it reads commands from `input` once started, posts
 * digests and escalations to `output`, and ends when the input does (`ended`).
 */
export function create(ctx: Ctx, deps: PlatformDeps): ChatPlatform {
  const opts = deps.options as unknown as ConsolePlatformOptions;
  const reads = opts.ctx ?? ctx;
  const saveDir = opts.saveDir ?? defaultSaveDir(reads);
  // One board for what was typed and what was posted: a number presses the newest buttons.
  const board = new ButtonBoard();
  const poster = new ConsolePoster(opts.output, saveDir, board);
  let finish: (why: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (finish = r));
  return {
    platform: 'console',
    label: 'Console',
    limits: { messagesPerAnswer: Number.POSITIVE_INFINITY, buttonsPerMessage: Number.POSITIVE_INFINITY },
    ended,
    async start() {
      const { saveDir: _s, ctx: _c, ...io } = opts;
      runConsole(reads, { ...io, saveDir, board, commands: deps.commands }).then(
        () => finish('console closed'),
        (err: unknown) => {
          reads.log.error({ err }, 'console failed');
          finish('console failed');
        },
      );
      return `reading commands, charts saved to ${saveDir}`;
    },
    async stop() {
      finish('stopped');
    },
    post: (target, reply) => poster.post(target, reply),
    update: (ref, reply) => poster.update(ref, reply),
    async upload(_target, files, comment) {
      for (const p of save({ title: comment ?? '', blocks: [], files }, saveDir)) opts.output.write(`saved ${p}\n`);
    },
    mention: (userId) => `@${userId}`,
    channelLink: (channelId) => `console:${channelId}`,
  };
}
