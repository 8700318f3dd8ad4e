/**
 * Splits text into chunks of at most `max` characters, breaking between lines where it can and
 * inside a line only when one line alone is too long. Joining the chunks with '\n' gives the text back
 * (except for the hard splits of over-long lines, which lose nothing either).
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new Error('splitText: max must be positive');
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    const pieces = line.length <= max ? [line] : hardSplit(line, max);
    for (const p of pieces) {
      if (cur === '') cur = p;
      else if (cur.length + 1 + p.length <= max) cur += '\n' + p;
      else {
        chunks.push(cur);
        cur = p;
      }
    }
  }
  if (cur !== '') chunks.push(cur);
  return chunks.length ? chunks : [''];
}

function hardSplit(line: string, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.length; i += max) out.push(line.slice(i, i + max));
  return out;
}

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + '…';
}

export function countLines(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

export function truncationNote(lines: number): string {
  return `... (truncated, ${lines} more line${lines === 1 ? '' : 's'})`;
}

/** Cuts a pre-filled value to fit its field, at a word boundary when there is one near the end. */
export function fitInitial(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.8 ? cut.slice(0, space) : cut) + '…';
}
