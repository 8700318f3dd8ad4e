/**
 * Splits one CSV record (RFC 4180: `"` quotes, `""` escapes a quote). Returns null when a quoted
 * field runs on past the end of the text: the caller appends the next line and tries again.
 * Hand-written rather than csv-parse because the pipeline needs each record's physical line
 * number and raw text for rejects, and the unquoted fast path (split) is what makes a million
 * rows cheap.
 */
export function splitCsv(text: string, delim = ','): string[] | null {
  if (text.indexOf('"') < 0) return text.split(delim);
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let field = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return null; // quoted field continues on the next line
        field += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          field += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as lenient readers do.
      const d = text.indexOf(delim, j);
      if (d < 0) {
        out.push(field + text.slice(j));
        return out;
      }
      out.push(field + text.slice(j, d));
      i = d + 1;
    } else {
      const d = text.indexOf(delim, i);
      if (d < 0) {
        out.push(text.slice(i));
        return out;
      }
      out.push(text.slice(i, d));
      i = d + 1;
    }
    if (i > n) return out;
  }
}
