/**
 * What a line typed at the console means, before anything runs: a button press (by number or by
 * its label: `yes`, `n`), a command, a suggestion for a typo, or nothing. Pure, so it is tested
 * on its own and stays out of the console's I/O.
 */
import { parseQuery } from '../../core/sip/parse-query.js';
import type { Button } from '../../reply.js';

export type ConsoleInput =
  | { kind: 'skip' }
  | { kind: 'quit' }
  | { kind: 'press'; button: Button }
  /** Printed as is; nothing runs. */
  | { kind: 'say'; text: string }
  /** Command text for the router (`403`, `digest yesterday`), the `/sip` prefix removed. */
  | { kind: 'run'; text: string };

const QUIT = new Set(['quit', 'exit', '\\q', ':q']);
/** Short answers people type at a question with buttons. */
const SHORT: Record<string, string> = { y: 'yes', n: 'no', u: 'not sure', b: 'back', ok: 'yes' };

/** How many buttons there are, in words: "1-3", or "1" for one. */
export function buttonRange(count: number): string {
  return count === 1 ? '1' : `1-${count}`;
}

export function pressHint(count: number): string {
  return count === 1 ? '(type 1 to press the button)' : `(type ${buttonRange(count)} to press a button)`;
}

/** `/sip 403` and `sip 403` to `403`; a pasted `SIP/2.0 403 Forbidden` is left whole. */
export function stripSip(line: string): string {
  return line.replace(/^\/?sip(?:\s+|$)/i, '');
}

/** A button whose label is the typed word: `yes`, `No`, `y`, `back`, `not sure`. */
function buttonByWord(word: string, buttons: readonly Button[]): Button | undefined {
  const w = (SHORT[word] ?? word).toLowerCase();
  const label = (b: Button): string => b.label.toLowerCase();
  // `not sure` presses "Not sure (use data: Yes)": the label up to its bracket.
  return (
    buttons.find((b) => label(b) === w) ?? buttons.find((b) => w.length > 1 && label(b).split('(')[0]!.trim() === w)
  );
}

/** Optimal string alignment distance (a swap of two letters is one edit: `chekc`). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The command a mistyped first word was meant to be (`digets` -> `digest`, `chek` -> `check`). */
export function suggestCommand(word: string, names: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w.length < 3 || !/^[a-z]+$/.test(w) || names.includes(w)) return undefined;
  const limit = w.length <= 4 ? 1 : 2;
  const best = names.map((n) => ({ n, d: editDistance(w, n) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= limit ? best.n : undefined;
}

/**
 * Reads one line. `buttons` are those of the newest message that has any; `names` the command
 * names and aliases, for typo suggestions.
 */
export function interpretLine(raw: string, buttons: readonly Button[], names: readonly string[]): ConsoleInput {
  const line = raw.trim();
  if (!line || line.startsWith('#')) return { kind: 'skip' };
  if (QUIT.has(line.toLowerCase())) return { kind: 'quit' };
  // 1-99 press a button; 100 and up are SIP codes (`403`), which go to explain.
  if (/^\d{1,2}$/.test(line) && buttons.length) {
    const b = buttons[Number(line) - 1];
    return b
      ? { kind: 'press', button: b }
      : { kind: 'say', text: `No button ${line}; choose ${buttonRange(buttons.length)}.` };
  }
  if (buttons.length && /^[a-z ]{1,12}$/i.test(line)) {
    const b = buttonByWord(line.toLowerCase(), buttons);
    if (b) return { kind: 'press', button: b };
  }
  const text = stripSip(line);
  const first = text.split(/\s+/)[0] ?? '';
  const meant = suggestCommand(first, names);
  if (meant && !parseQuery(text).ok) {
    const rest = text.slice(first.length).trim();
    return {
      kind: 'say',
      text: `No command "${first}". Did you mean \`${meant}${rest ? ` ${rest}` : ''}\`? (help lists them all)`,
    };
  }
  return { kind: 'run', text };
}
