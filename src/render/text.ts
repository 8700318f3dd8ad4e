import { mapMentions, type Block, type Button, type Field, type Reply } from '../reply.js';

/**
 * The plain-text rendering of a Reply, for the CLI and the local console. Buttons become
 * numbered choices (`[1] Show patterns`) that the console maps back to their actions in order.
 */
export interface TextOptions {
  /** Wrap width in columns (default 80, at least 30). */
  width?: number;
  /** ANSI colour and bold (default off: pipes and tests get plain text). */
  color?: boolean;
  /** List the buttons as `[1] ...` (default true); the CLI has nothing to press them with. */
  buttons?: boolean;
}

const ESC = '\u001b[';
// eslint-disable-next-line no-control-regex -- matching ANSI escapes is the point
const ANSI_RE = /\u001b\[[0-9;]*m/g;

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  code(s: string): string;
  tone(s: string, tone: Reply['tone']): string;
}

function style(color: boolean): Style {
  if (!color) {
    const id = (s: string): string => s;
    return { bold: id, dim: id, code: id, tone: id };
  }
  const wrap = (open: string, close: string) => (s: string) => `${ESC}${open}m${s}${ESC}${close}m`;
  const tones = { ok: '32', warn: '33', bad: '31', info: '36' } as const;
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    code: wrap('36', '39'),
    tone: (s, t) => (t ? wrap(tones[t], '39')(s) : s),
  };
}

/** Removes ANSI escapes. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, '');
}

/** Visible width of a string: ANSI escapes take no columns. */
export function visibleLength(s: string): number {
  return [...s.replace(ANSI_RE, '')].length;
}

/**
 * Translates the Reply markup (`**bold**`, `` `code` ``, `_italic_`, `[label](url)`) to plain
 * text, or to ANSI when colour is on. Code spans are left untouched inside.
 */
export function inline(text: string, st: Style = style(false)): string {
  // A mention reads as @name in plain text: there is no user to notify.
  const s = mapMentions(
    text,
    (t) => t,
    (_p, id, name) => `@${name ?? id}`,
  );
  const parts = s.split(/(`[^`]*`)/);
  return parts
    .map((p, i) => {
      if (i % 2 === 1) return st.code(p.slice(1, -1));
      return p
        .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) =>
          label === url ? url : `${label} (${url})`,
        )
        .replace(/\*\*([^*]+)\*\*/g, (_m, t: string) => st.bold(t))
        .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?])/g, (_m, pre: string, t: string) => pre + t);
    })
    .join('');
}

/** Greedy word wrap; a word longer than the width (a URL) stays whole on its own line. */
export function wrap(textIn: string, width: number, indent = '', firstIndent = indent): string[] {
  const out: string[] = [];
  let prefix = firstIndent;
  for (const para of textIn.split('\n')) {
    const words = para.split(/ +/).filter((w) => w.length > 0);
    if (words.length === 0) {
      out.push(prefix.trimEnd());
      prefix = indent;
      continue;
    }
    let line = prefix + words[0];
    let len = visibleLength(line);
    for (const w of words.slice(1)) {
      const wl = visibleLength(w);
      if (len + 1 + wl > width) {
        out.push(line);
        line = indent + w;
        len = visibleLength(indent) + wl;
      } else {
        line += ' ' + w;
        len += 1 + wl;
      }
    }
    out.push(line);
    // Later paragraphs of the same item continue at the hanging indent.
    prefix = indent;
  }
  return out;
}

function heading(h: string, st: Style): string[] {
  const t = inline(h, st);
  return [st.bold(t), st.dim('-'.repeat(Math.min(visibleLength(t), 60)))];
}

function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - visibleLength(s)));
}

function padStart(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - visibleLength(s))) + s;
}

function renderFields(fields: Field[], width: number, st: Style): string[] {
  const labels = fields.map((f) => inline(f.label, st));
  const lw = Math.min(Math.max(...labels.map(visibleLength), 0), 24);
  const out: string[] = [];
  fields.forEach((f, i) => {
    const label = labels[i] ?? '';
    const first = padEnd(st.bold(label) + ':', lw + 1) + ' ';
    const hang = ' '.repeat(lw + 2);
    out.push(...wrap(inline(f.value, st), width, visibleLength(label) > lw ? '    ' : hang, first));
  });
  return out;
}

/**
 * Aligned columns. When the table is wider than the page, the last column (usually the words:
 * a description, a summary) wraps under itself first; only then is the widest column cut with an
 * ellipsis: the console is for reading, the JSON output carries the full values.
 */
function renderTable(
  columns: string[],
  rows: string[][],
  align: Array<'left' | 'right'> | undefined,
  width: number,
  st: Style,
): string[] {
  const cells = [columns, ...rows].map((r) => columns.map((_, i) => inline(r[i] ?? '', st)));
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => visibleLength(r[i] ?? ''))));
  const gap = 2;
  const last = columns.length - 1;
  let total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const wrapLast = last > 0 && align?.[last] !== 'right';
  if (wrapLast && total > width) {
    const cut = Math.min(total - width, widths[last]! - Math.min(widths[last]!, 20));
    widths[last] = widths[last]! - cut;
    total -= cut;
  }
  while (total > width) {
    const max = Math.max(...widths);
    const idx = widths.indexOf(max);
    if (max <= 8) break;
    const cut = Math.min(total - width, max - 8);
    widths[idx] = max - cut;
    total -= cut;
  }
  const fit = (s: string, w: number): string => {
    if (visibleLength(s) <= w) return s;
    const plain = s.replace(ANSI_RE, '');
    return [...plain].slice(0, Math.max(0, w - 1)).join('') + '…';
  };
  // A word longer than the column is still cut.
  const cellLines = (c: string, i: number): string[] =>
    wrapLast && i === last && visibleLength(c) > widths[i]!
      ? wrap(c, widths[i]!).map((l) => fit(l, widths[i]!))
      : [fit(c, widths[i] ?? 0)];
  const line = (r: string[], isHead: boolean): string[] => {
    const parts = r.map(cellLines);
    const height = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) =>
      parts
        .map((p, i) => {
          const w = widths[i] ?? 0;
          const v = p[k] ?? '';
          const right = !isHead && align?.[i] === 'right';
          const padded = right ? padStart(v, w) : i === r.length - 1 ? v : padEnd(v, w);
          return isHead ? st.bold(padded) : padded;
        })
        .join(' '.repeat(gap))
        .trimEnd(),
    );
  };
  const [head = [], ...body] = cells;
  return [
    ...line(head, true),
    st.dim(widths.map((w) => '-'.repeat(w)).join(' '.repeat(gap))),
    ...body.flatMap((r) => line(r, false)),
  ];
}

/** `#2: [4] Show calls · [5] Checklist`, numbered on from `before` (the console presses by number). */
function buttonLine(buttons: Button[], before: number, width: number, st: Style, label?: string): string[] {
  const line = buttons.map((btn, i) => `${st.bold(`[${before + i + 1}]`)} ${inline(btn.label, st)}`).join(' · ');
  return wrap(label ? `${st.dim(`${label}:`)} ${line}` : line, width, '    ', '');
}

function renderBlock(b: Block, width: number, st: Style, buttonsBefore = 0): string[] {
  switch (b.kind) {
    case 'text':
      return [...(b.heading ? heading(b.heading, st) : []), ...wrap(inline(b.text, st), width)];
    case 'fields':
      return [...(b.heading ? heading(b.heading, st) : []), ...renderFields(b.fields, width, st)];
    case 'table':
      return [...(b.heading ? heading(b.heading, st) : []), ...renderTable(b.columns, b.rows, b.align, width, st)];
    case 'list': {
      const marker = (i: number): string => (b.ordered ? `${i + 1}. ` : '- ');
      const mw = b.ordered ? String(b.items.length).length + 2 : 2;
      const items = b.items.flatMap((it, i) => wrap(inline(it, st), width, ' '.repeat(mw), padEnd(marker(i), mw)));
      return [...(b.heading ? heading(b.heading, st) : []), ...items];
    }
    case 'context':
      return wrap(inline(b.text, st), width).map((l) => st.dim(l));
    case 'divider':
      return [st.dim('-'.repeat(Math.min(width, 40)))];
    case 'actions':
      return buttonLine(b.buttons, buttonsBefore, width, st, b.label);
  }
}

export function renderText(reply: Reply, opts: TextOptions = {}): string {
  const width = Math.max(30, opts.width ?? 80);
  const st = style(opts.color ?? false);
  const title = inline(reply.title, st);
  const sections: string[][] = [
    [st.tone(st.bold(title), reply.tone), st.dim('='.repeat(Math.min(visibleLength(title), width)))],
  ];
  // Buttons beside blocks are numbered in reading order, and the reply's own buttons after them.
  let numbered = 0;
  for (const b of reply.blocks) {
    if (b.kind === 'actions' && opts.buttons === false) continue;
    sections.push(renderBlock(b, width, st, numbered));
    if (b.kind === 'actions') numbered += b.buttons.length;
  }
  if (reply.image) sections.push([st.dim(`[image: ${reply.image.filename}] ${reply.image.alt}`)]);
  for (const f of reply.files ?? []) sections.push([st.dim(`[file: ${f.filename}, ${f.content.length} bytes]`)]);
  if (reply.modal) {
    const m = reply.modal;
    sections.push([
      ...heading(m.title, st),
      ...m.inputs.map(
        (i) =>
          `${i.label}${i.required ? '' : ' (optional)'}${i.options ? ': ' + i.options.map((o) => o.label).join(' | ') : ''}`,
      ),
    ]);
  }
  if (reply.buttons?.length && opts.buttons !== false) {
    sections.push(reply.buttons.map((b, i) => `${st.bold(`[${numbered + i + 1}]`)} ${inline(b.label, st)}`));
  }
  return sections.map((s) => s.join('\n')).join('\n\n') + '\n';
}
