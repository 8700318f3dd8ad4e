import { normKey, planColumns, planHas } from './aliases.js';
import { splitCsv } from './csv-split.js';
import { looksLikeAsterisk } from './formats/asterisk.js';
import type { FormatName } from './types.js';

/** How records are laid out in the text, whatever their fields mean. */
export type Container = 'csv' | 'ndjson' | 'jsondoc' | 'form' | 'syslog';

const FORM_LINE = /^[A-Za-z][\w.]*=[^&\s]*(?:&[A-Za-z][\w.]*=[^&\s]*)+$/;

/** Looks at the first lines of the input. */
export function sniffContainer(head: readonly string[]): Container | undefined {
  const first = head.find((l) => l.trim() !== '')?.trim();
  if (first === undefined) return undefined;
  if (first.startsWith('[')) return 'jsondoc';
  if (first.startsWith('{')) return first.endsWith('}') ? 'ndjson' : 'jsondoc';
  if (head.some((l) => l.includes('ACC: '))) return 'syslog';
  if (FORM_LINE.test(first)) return 'form';
  return 'csv';
}

function keysOfText(t: string): Set<string> {
  const keys = new Set<string>();
  for (const m of t.matchAll(/"([A-Za-z_][\w.-]*)"\s*:/g)) keys.add(m[1]!);
  return keys;
}

/** The format of JSON or form records, from the field names they use. */
function formatOfKeys(keys: ReadonlySet<string>, text: string): FormatName | undefined {
  if (keys.has('variables') && (keys.has('callflow') || keys.has('core-uuid') || keys.has('sip_term_status') || keys.has('hangup_cause'))) return 'freeswitch';
  if (keys.has('sip_hangup_cause') || /"event_type"\s*:\s*"call\./.test(text)) return 'telnyx';
  if (keys.has('eventType') || (keys.has('callingNumber') && keys.has('calledNumber'))) return 'bandwidth';
  if (keys.has('SipResultCode')) return 'signalwire';
  if (keys.has('CallSid')) return 'twilio';
  return undefined;
}

/**
 * The format of an input, from its first lines, or undefined when nothing fits. Canonical
 * records need start time, caller, callee and a SIP code (or status) under a known name.
 */
export function detectFormat(container: Container, head: readonly string[]): FormatName | undefined {
  const lines = head.filter((l) => l.trim() !== '');
  if (container === 'syslog') {
    const acc = lines.find((l) => l.includes('ACC: ')) ?? '';
    return /opensips/i.test(acc) ? 'opensips' : 'kamailio';
  }
  if (container === 'ndjson' || container === 'jsondoc') {
    const text = lines.join('\n');
    const keys = keysOfText(text);
    const f = formatOfKeys(keys, text);
    if (f) return f;
    const plan = planColumns([...keys]);
    const canonical = planHas(plan, 'start') && planHas(plan, 'caller') && planHas(plan, 'callee') && (planHas(plan, 'sipCode') || planHas(plan, 'status'));
    if (!canonical) return undefined;
    return container === 'ndjson' ? 'ndjson' : 'json';
  }
  if (container === 'form') {
    const keys = new Set(new URLSearchParams(lines[0] ?? '').keys());
    return formatOfKeys(keys, '') ?? (keys.has('CallSid') ? 'twilio' : undefined);
  }
  const row = splitCsv(lines[0] ?? '');
  if (!row) return undefined;
  if (looksLikeAsterisk(row)) return 'asterisk';
  const h = new Set(row.map(normKey));
  if (h.has('method') && (h.has('fromtag') || h.has('totag'))) return h.has('setuptime') || h.has('created') ? 'opensips' : 'kamailio';
  if (h.has('sipresultcode')) return 'signalwire';
  // A Twilio console export, not merely a dialer that kept Twilio's call id column.
  if (h.has('callsid') && (h.has('accountsid') || h.has('priceunit') || h.has('direction'))) return 'twilio';
  if (h.has('callingnumber') && h.has('callednumber')) return 'bandwidth';
  const plan = planColumns(row);
  if (planHas(plan, 'start') && planHas(plan, 'caller') && planHas(plan, 'callee') && (planHas(plan, 'sipCode') || planHas(plan, 'status'))) return 'csv';
  return undefined;
}
