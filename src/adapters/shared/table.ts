/** A table as monospace lines (for a code block): padded columns, a rule under the header. */
export function monospaceTable(columns: string[], rows: string[][], align?: Array<'left' | 'right'>): string[] {
  const clean = (s: string): string => s.replace(/`/g, '').replace(/\*\*/g, '').replace(/\n/g, ' ');
  const head = columns.map(clean);
  const body = rows.map((r) => columns.map((_, i) => clean(r[i] ?? '')));
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((r) => r[i]!.length))));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => {
        const w = widths[i]!;
        const cut = c.length > w ? c.slice(0, w - 1) + '…' : c;
        return align?.[i] === 'right' ? cut.padStart(w) : cut.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)];
}
