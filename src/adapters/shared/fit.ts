import type { Block, Reply } from '../../reply.js';
import { renderText } from '../../render/text.js';

const PIECE_LINES = 20;

/** A block cut into pieces of about PIECE_LINES lines, so an answer can be cut between lines, not only between blocks. */
function pieces(b: Block): Block[] {
  const chunk = <T>(xs: T[], n: number): T[][] =>
    Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  // The heading stays on the first piece only.
  const head = (i: number, heading: string | undefined): { heading?: string } =>
    i === 0 && heading !== undefined ? { heading } : {};
  switch (b.kind) {
    case 'text': {
      const ls = b.text.split('\n');
      return ls.length <= PIECE_LINES
        ? [b]
        : chunk(ls, PIECE_LINES).map((part, i) => ({ kind: 'text', text: part.join('\n'), ...head(i, b.heading) }));
    }
    case 'list':
      return b.items.length <= PIECE_LINES
        ? [b]
        : chunk(b.items, PIECE_LINES).map((items, i) => ({
            kind: 'list',
            items,
            ...(b.ordered ? { ordered: true } : {}),
            ...head(i, b.heading),
          }));
    case 'table':
      return b.rows.length <= PIECE_LINES
        ? [b]
        : chunk(b.rows, PIECE_LINES).map((rows, i) => ({
            kind: 'table',
            columns: b.columns,
            rows,
            ...(b.align ? { align: b.align } : {}),
            ...head(i, b.heading),
          }));
    case 'fields':
      return b.fields.length <= 10
        ? [b]
        : chunk(b.fields, 10).map((fields, i) => ({ kind: 'fields', fields, ...head(i, b.heading) }));
    default:
      return [b];
  }
}

function lines(b: Block): number {
  switch (b.kind) {
    case 'text':
      return b.text.split('\n').length;
    case 'list':
      return b.items.length;
    case 'table':
      return b.rows.length;
    case 'fields':
      return b.fields.length;
    default:
      return 1;
  }
}

function fileName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'answer'}.txt`;
}

/**
 * Keeps an answer within `maxMessages` messages of a platform (`count` renders and counts them):
 * what fits is shown, the whole answer goes along as a text file, and the message says so.
 * Nothing is dropped. Buttons, image and files stay.
 */
export function fitReply(reply: Reply, maxMessages: number, count: (r: Reply) => number): Reply {
  if (count(reply) <= maxMessages) return reply;
  const all = reply.blocks.flatMap(pieces);
  const file = {
    filename: fileName(reply.title),
    content: Buffer.from(renderText({ ...reply, buttons: [] }, { width: 100 })),
    contentType: 'text/plain',
  };
  const cut = (k: number): Reply => {
    const omitted = all.slice(k).reduce((n, b) => n + lines(b), 0);
    return {
      ...reply,
      blocks: [
        ...all.slice(0, k),
        {
          kind: 'context',
          text: `${omitted} more line${omitted === 1 ? '' : 's'} in the attached ${file.filename}, which holds the whole answer.`,
        },
      ],
      files: [...(reply.files ?? []), file],
    };
  };
  let lo = 0;
  let hi = all.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(cut(mid)) <= maxMessages) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}
