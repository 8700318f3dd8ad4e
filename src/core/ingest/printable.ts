/**
 * Text from an input, safe to print on a terminal: control characters (escape sequences that
 * could move the cursor, retitle the window or hide text, NULs, C1 codes) shown as `\xHH`; line
 * breaks and tabs as `\n`, `\t` when `oneLine`.
 */
export function printable(s: string, oneLine = true): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (!oneLine && (c === '\n' || c === '\t')) return c;
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
