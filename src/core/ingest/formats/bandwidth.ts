import { rawFromObject } from '../aliases.js';
import type { RawCall } from '../types.js';
import { pick, type FormatModule } from './format.js';

const FINAL_EVENTS = new Set(['disconnect', 'transferdisconnect']);

/**
 * Bandwidth: the Voice API disconnect callbacks (`eventType: disconnect`, `cause`, no SIP code;
 * `transferDisconnect` is the transferred leg, `transferCallerId` -> `transferTo`, not the parent
 * call's parties) and Insights call records (`sipResponseCode`, `callingNumber`, `duration` in
 * milliseconds). A disconnect whose `cause` is `hangup` without `answerTime` was abandoned while
 * ringing: 487. `errorMessage` is the reason.
 */
export const bandwidth: FormatModule = {
  name: 'bandwidth',
  detect: (s) =>
    s.keys.has('eventType') ||
    (s.keys.has('callingNumber') && s.keys.has('calledNumber')) ||
    (!!s.norm && s.norm.has('callingnumber') && s.norm.has('callednumber')),
  object(obj) {
    const event = typeof obj.eventType === 'string' ? obj.eventType.toLowerCase() : undefined;
    if (event !== undefined && !FINAL_EVENTS.has(event))
      return { kind: 'skip', why: `Bandwidth ${String(obj.eventType).slice(0, 40)} event: not a final outcome` };
    const raw: RawCall = rawFromObject(obj);
    if ('callingNumber' in obj || 'sipResponseCode' in obj) {
      raw.durationMs = raw.duration;
      delete raw.duration;
    }
    if (event === 'transferdisconnect') {
      raw.caller = pick(obj, 'transferCallerId') ?? raw.caller;
      raw.callee = pick(obj, 'transferTo') ?? raw.callee;
    }
    if (event !== undefined) {
      raw.sipReason = pick(obj, 'errorMessage') ?? raw.sipReason;
      if (raw.status === 'hangup' && !obj.answerTime) raw.status = 'cancel';
    }
    return { kind: 'call', raw };
  },
  row(raw) {
    const { duration, ...rest } = raw;
    return { kind: 'call', raw: { ...rest, durationMs: duration } };
  },
};
