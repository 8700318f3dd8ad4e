import type { Button } from '../../reply.js';
import { subjectOf } from '../checklist/subject.js';
import { encodeQuery, type CallQuery, type CallSubject } from './query.js';

/** A subject as findings, walkthroughs and escalations write it (`+1...`, a route, `512`, `*`). */
export function callSubject(value: string, kind?: 'number' | 'route' | 'region' | 'account'): CallSubject {
  const k = kind ?? subjectOf(value).kind;
  return k === 'account' ? { kind: 'account' } : { kind: k, value };
}

/** "Show calls": the first page of a subject's refused calls (or one code's calls) over a window, with the CSV. */
export function showCallsButton(
  subject: CallSubject,
  fromMs: number,
  toMs: number,
  code?: string,
  label = 'Show calls',
): Button {
  const q: CallQuery = { fromMs, toMs, subject, blocked: code === undefined, page: 0, ...(code ? { code } : {}) };
  return { label, action: 'calls.show', value: encodeQuery(q) };
}

/** "Carrier ticket", wherever the subject is a route: the text to paste and the CSV. */
export function ticketButton(route: string, fromMs: number, toMs: number, label = `Carrier ticket ${route}`): Button {
  return {
    label: label.slice(0, 70),
    action: 'calls.ticket',
    value: `${route}|${fromMs.toString(36)}|${toMs.toString(36)}`,
  };
}
