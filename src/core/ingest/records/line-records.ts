import type { LineSink } from '../input/lines.js';

/** Where object records of line formats go. */
export interface ObjectTarget {
  object(obj: unknown, text: string, lineNo: number): void;
  reject(lineNo: number, text: string, error: string): void;
}

function overlong(t: ObjectTarget) {
  return (head: string, lineNo: number, length: number): void =>
    t.reject(lineNo, head, `line of ${length} characters: longer than any call record`);
}

/** One JSON object per line; a broken line is one reject and the next line is read. */
export function ndjsonLines(t: ObjectTarget): LineSink {
  return {
    kind: 'lines',
    line(text, lineNo) {
      const s = text.trim();
      if (s === '') return;
      let value: unknown;
      try {
        value = JSON.parse(s);
      } catch (e) {
        t.reject(lineNo, text, `broken JSON: ${(e as Error).message}`);
        return;
      }
      t.object(value, text, lineNo);
    },
    overlong: overlong(t),
    end() {},
  };
}

/** Callback parameters, one `application/x-www-form-urlencoded` body per line. */
export function formLines(t: ObjectTarget): LineSink {
  return {
    kind: 'lines',
    line(text, lineNo) {
      const s = text.trim();
      if (s !== '') t.object(Object.fromEntries(new URLSearchParams(s)), text, lineNo);
    },
    overlong: overlong(t),
    end() {},
  };
}

function formValue(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/**
 * A callback logged one `Key=value` per line (a request dump; `&` left at either end, values
 * still URL-encoded), records separated by a blank line or by a key seen again. A line that is
 * no pair right after an empty value is that value, wrapped by the logger. The record's line is
 * its first.
 */
export function keyValueLines(t: ObjectTarget): LineSink {
  let obj: Record<string, string> = {};
  let lines: string[] = [];
  let first = 0;
  let emptyKey: string | undefined;
  const flush = (): void => {
    if (lines.length) t.object(obj, lines.join('\n'), first);
    obj = {};
    lines = [];
  };
  return {
    kind: 'lines',
    line(text, lineNo) {
      const s = text.trim();
      if (s === '') {
        flush();
        return;
      }
      const m = /^&?([A-Za-z][\w.-]*)\s*=\s?(.*?)&?$/.exec(s);
      if (!m) {
        if (emptyKey !== undefined) {
          obj[emptyKey] = formValue(s);
          lines.push(text);
          emptyKey = undefined;
          return;
        }
        flush();
        t.reject(lineNo, text, 'not a Key=value line');
        return;
      }
      if (m[1]! in obj) flush();
      if (lines.length === 0) first = lineNo;
      obj[m[1]!] = formValue(m[2]!);
      emptyKey = m[2] === '' ? m[1] : undefined;
      lines.push(text);
    },
    overlong(head, lineNo, length) {
      flush();
      overlong(t)(head, lineNo, length);
    },
    end: flush,
  };
}

/**
 * Kamailio / OpenSIPS acc syslog: `... ACC: call missed: timestamp=...;method=INVITE;...;code=403;
 * reason=Forbidden;src_user=...` (acc README §6). Other syslog lines are not records.
 */
export function accSyslogLines(t: ObjectTarget): LineSink {
  return {
    kind: 'lines',
    line(text, lineNo) {
      const at = text.indexOf('ACC:');
      if (at < 0) return;
      const colon = text.indexOf(': ', at + 4);
      const body = colon < 0 ? '' : text.slice(colon + 2).trim();
      if (body.indexOf('=') < 0) {
        t.reject(lineNo, text, 'ACC line without key=value pairs');
        return;
      }
      const obj: Record<string, string> = {};
      for (const pair of body.split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0) obj[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      t.object(obj, text, lineNo);
    },
    overlong(head, lineNo, length) {
      if (head.includes('ACC:')) overlong(t)(head, lineNo, length);
    },
    end() {},
  };
}
