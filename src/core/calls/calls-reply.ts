import type { Db } from '../../store/db.js';
import type { Button, Reply, ReplyFile } from '../../reply.js';
import { countMatchingCalls, iterateCalls, listCalls, type ListedCall } from '../../store/call-list.js';
import { num } from '../analysis/stats.js';
import { callsCsv, shownCallId } from './csv.js';
import { csvFilename, describeQuery, encodeQuery, MAX_PAGE, PAGE_SIZE, toFilter, type CallQuery } from './query.js';

/** Rows a chat attachment carries: ~10 MB of CSV, under Discord's default upload limit. */
export const CHAT_CSV_ROWS = 50_000;

export function windowText(fromMs: number, toMs: number): string {
  const f = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return `${f(fromMs)} to ${f(toMs)} UTC`;
}

/** The calls as a CSV attachment, at most `maxRows` of them, named for the subject and window. */
export function callsFile(db: Db, q: CallQuery, maxRows = CHAT_CSV_ROWS): { file: ReplyFile; rows: number } {
  const { csv, rows } = callsCsv(iterateCalls(db, toFilter(q), maxRows));
  return { file: { filename: csvFilename(q), content: Buffer.from(csv), contentType: 'text/csv' }, rows };
}

const COLUMNS = ['time (UTC)', 'caller', 'callee', 'route', 'code', 'reason', 'call id'] as const;

/**
 * The page as table columns. The subject's own column (the caller of a number's calls, the route
 * of a route's) says the same on every row and is in the title: it is left out so the call id, the
 * column a carrier asks for, fits a 100-column console whole. The CSV has every column.
 */
function pageTable(q: CallQuery, rows: ListedCall[]): { columns: string[]; rows: string[][] } {
  const skip = q.subject.kind === 'number' ? 'caller' : q.subject.kind === 'route' ? 'route' : null;
  const keep = COLUMNS.map((c, i) => [c, i] as const).filter(([c]) => c !== skip);
  const cells = rows.map((c) => [
    new Date(c.startMs).toISOString().slice(5, 19).replace('T', ' '),
    c.caller,
    c.callee,
    c.route,
    String(c.sipCode),
    (c.sipReason ?? '').slice(0, 40),
    shownCallId(c),
  ]);
  return { columns: keep.map(([c]) => c), rows: cells.map((r) => keep.map(([, i]) => r[i]!)) };
}

function pageButtons(q: CallQuery, total: number): Button[] {
  const out: Button[] = [];
  const last = Math.min(MAX_PAGE, Math.ceil(total / PAGE_SIZE) - 1);
  if (q.page > 0) out.push({ label: 'Newer', action: 'calls.page', value: encodeQuery({ ...q, page: q.page - 1 }) });
  if (q.page < last) out.push({ label: 'Older', action: 'calls.page', value: encodeQuery({ ...q, page: q.page + 1 }) });
  return out;
}

/**
 * A page of calls (newest first) with paging buttons; with `attach`, the whole set as a CSV file
 * too (the first page carries it; paging replaces the message and does not upload it again).
 */
export function callsReply(db: Db, q: CallQuery, o: { attach: boolean; extraButtons?: Button[] }): Reply {
  const filter = toFilter(q);
  const total = countMatchingCalls(db, filter);
  const what = describeQuery(q);
  const when = windowText(q.fromMs, q.toMs);
  const title = `${what}, ${when}`;
  if (total === 0) {
    return {
      title,
      ephemeral: true,
      tone: 'ok',
      blocks: [{ kind: 'text', text: `No ${what.toLowerCase()} between ${when}.` }],
    };
  }
  const rows = listCalls(db, filter, PAGE_SIZE, q.page * PAGE_SIZE);
  const first = q.page * PAGE_SIZE + 1;
  const reply: Reply = {
    title,
    tone: q.blocked ? 'bad' : 'info',
    blocks: [
      {
        kind: 'table',
        heading: `${num(first)}-${num(first + rows.length - 1)} of ${num(total)}, newest first (${new Date(rows[0]!.startMs).getUTCFullYear()})`,
        ...pageTable(q, rows),
      },
    ],
    buttons: [...pageButtons(q, total), ...(o.extraButtons ?? [])],
    replaceOriginal: !o.attach,
  };
  if (o.attach) {
    const { file, rows: written } = callsFile(db, { ...q, page: 0 });
    reply.files = [file];
    reply.blocks.push({
      kind: 'context',
      text:
        written < total
          ? `${file.filename}: the newest ${num(written)} of ${num(total)}; \`sipbot calls --csv\` writes them all.`
          : `${file.filename}: all ${num(total)} calls, for a carrier ticket or a spreadsheet.`,
    });
  } else {
    reply.blocks.push({
      kind: 'context',
      text: 'The CSV of every call is on the first page; `sipbot calls --csv` writes it too.',
    });
  }
  if (!reply.buttons?.length) delete reply.buttons;
  return reply;
}
