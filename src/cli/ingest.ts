import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { fieldMapOf, ingestStream, isZone, printable, type DateOrder } from '../core/ingest/index.js';
import { FORMATS, type IngestResult } from '../core/ingest/types.js';
import { UsageError, UserError } from '../errors.js';
import { cliCtx } from './context.js';
import { markDeadImports } from './interrupted.js';

interface Opts {
  db?: string;
  format: string;
  source?: string;
  tz?: string;
  map?: string;
  dateOrder?: DateOrder;
  json?: boolean;
}

type FileResult = { file: string; format: string; read: number; stored: number; duplicates: number; rejected: number };

/** Fails fast, before anything is stored, when a named file cannot be read. */
function checkReadable(file: string): number | undefined {
  if (file === '-') return undefined;
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory())
      throw new UserError('ingest.not_a_file', `${file} is a directory, not a file of call records.`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UserError('ingest.unreadable', `cannot read ${file}: ${why}.`);
  }
  return size;
}

/**
 * V8 starts allocating a hot site's objects straight into the old generation when many of them
 * survive a young collection ("allocation-site pretenuring"). In a bulk load that decision is
 * wrong: every record dies within microseconds, and pretenured ones pile up until a full GC
 * (peak RSS 340 MB at 5M rows). Without it the heap stays at ~90 MB and the load runs faster.
 */
function noPretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

function progressBar(
  file: string,
  size: number | undefined,
): { bar: SingleBar | undefined; update: (p: { bytes: number; read: number }) => void } {
  if (!process.stderr.isTTY) return { bar: undefined, update: () => {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: size
      ? ` ${basename(file)} [{bar}] {percentage}% | {read} records | {eta}s left`
      : ` ${basename(file)} {read} records`,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(size ?? 1, 0, { read: 0 });
  return { bar, update: (p) => bar.update(Math.min(p.bytes, size ?? 1), { read: p.read }) };
}

function summary(file: string, r: IngestResult): string {
  const parts = [`${r.read} read`, `${r.stored} stored`, `${r.duplicates} duplicates`, `${r.rejected} rejected`];
  const lines = [`${printable(file)} (${r.format}): ${parts.join(', ')}`];
  // Reasons quote the input: never let its escape sequences reach the terminal.
  for (const x of r.rejects.slice(0, 5)) lines.push(`  line ${x.line}: ${printable(x.error)}`);
  if (r.rejected > 5) lines.push(`  ... ${r.rejected - 5} more`);
  if (r.rejected > 0) lines.push('  see them all with: sipbot rejects');
  return lines.join('\n');
}

/** `sipbot ingest FILE... [--format F] [--source NAME] [--tz ZONE] [--map F=C,...] [--date-order O] [--json]`. */
export function register(program: Command): void {
  const cmd = program
    .command('ingest')
    .description('store call outcomes from CDR files, exports and webhook dumps (- reads stdin)')
    .argument('<file...>', 'files to read; - for stdin')
    .addOption(
      new Option('--format <format>', 'input format; auto detects it from the content')
        .choices(['auto', ...FORMATS])
        .default('auto'),
    )
    .option(
      '--source <name>',
      'source name stored on every record (default: the format); also the route where a format has none',
    )
    .option('--tz <zone>', 'zone of times written without one, e.g. America/Chicago (default UTC)')
    .option(
      '--map <field=column,...>',
      'which column holds which field, for headers no alias covers: caller=ANI,callee=Dialed',
    )
    .addOption(
      new Option(
        '--date-order <order>',
        'order of slashed dates such as 03/04/2026 (default: what the file makes unambiguous)',
      ).choices(['mdy', 'dmy']),
    )
    .option('--json', 'print {"files":[{"file","format","read","stored","duplicates","rejected"}]}')
    .addHelpText(
      'after',
      '\nExamples:\n  sipbot ingest calls.csv\n  sipbot ingest /var/log/asterisk/cdr-csv/Master.csv --source pbx1 --tz Europe/Berlin\n  sipbot ingest dialer.csv --map caller=ANI,callee=Dialed,sip_code=Result\n  zcat cdr.ndjson.gz | sipbot ingest - --format ndjson --json',
    );
  cmd.action(async (files: string[], opts: Opts) => {
    if (files.filter((f) => f === '-').length > 1)
      throw new UsageError('ingest.stdin_twice', 'stdin (-) can be read only once.');
    if (opts.source !== undefined && opts.source.trim() === '')
      throw new UsageError('ingest.bad_source', '--source needs a name.');
    if (opts.tz !== undefined && !isZone(opts.tz))
      throw new UsageError(
        'ingest.bad_tz',
        `--tz ${printable(opts.tz)} is not a time zone; use an IANA name such as America/Chicago or UTC.`,
      );
    const map = opts.map === undefined ? undefined : fieldMapOf(opts.map);
    const sizes = files.map(checkReadable);
    const ctx = cliCtx(opts);
    // Bulk-load settings for this connection only. A 64 MiB page cache (openDb's, and what the
    // sqlite3 .import floor of the bench uses): a file in random time order touches pages all over
    // the time indexes, and 16 MiB cost it ~25% more CPU (npm run bench ingest, shuffled), for
    // ~55 MB less peak RSS. Checkpointing every 40 MiB of WAL instead of every 4 MiB cuts commit
    // time by more than half. Reads stay 256 KiB: 1 MiB buffers waiting for the garbage
    // collector added 60 MB of peak RSS.
    ctx.db.pragma('cache_size = -65536');
    ctx.db.pragma('wal_autocheckpoint = 10000');
    noPretenuring();
    markDeadImports(ctx);
    const out: FileResult[] = [];
    try {
      for (const [i, file] of files.entries()) {
        const input = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 256 * 1024 });
        const { bar, update } = progressBar(file === '-' ? 'stdin' : file, sizes[i]);
        let r: IngestResult;
        try {
          r = await ingestStream(ctx, input, {
            format: opts.format as 'auto',
            origin: file,
            onProgress: update,
            batchSize: 20_000,
            ownsConnection: true,
            ...(opts.source === undefined ? {} : { source: opts.source.trim() }),
            ...(opts.tz === undefined ? {} : { tz: opts.tz }),
            ...(opts.dateOrder === undefined ? {} : { dateOrder: opts.dateOrder }),
            ...(map === undefined ? {} : { map }),
          });
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          if (err.code && err.syscall) throw new UserError('ingest.unreadable', `cannot read ${file}: ${err.message}.`);
          throw e;
        } finally {
          bar?.stop();
        }
        out.push({
          file,
          format: r.format,
          read: r.read,
          stored: r.stored,
          duplicates: r.duplicates,
          rejected: r.rejected,
        });
        if (!opts.json) process.stdout.write(summary(file, r) + '\n');
      }
    } finally {
      ctx.db.close();
      // The files stored before a later one failed are stored: --json says so even then.
      if (opts.json && out.length) process.stdout.write(JSON.stringify({ files: out }) + '\n');
    }
  });
}
