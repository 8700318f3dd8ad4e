import { rawFromObject } from '../aliases.js';
import type { Mapped, RawCall } from '../types.js';

const FINAL_EVENTS = new Set(['disconnect', 'transferdisconnect']);

/**
 * Bandwidth: the Voice API disconnect callback (`eventType: disconnect`, `cause`, no SIP code) and
 * Insights call records (`sipResponseCode`, `callingNumber`, `duration` in milliseconds). A
 * disconnect whose `cause` is `hangup` without `answerTime` was abandoned while ringing: 487.
 */
export function mapBandwidth(obj: Readonly<Record<string, unknown>>): Mapped {
  const event = typeof obj.eventType === 'string' ? obj.eventType.toLowerCase() : undefined;
  if (event !== undefined && !FINAL_EVENTS.has(event)) return { kind: 'skip' };
  const raw: RawCall = rawFromObject(obj);
  if ('callingNumber' in obj || 'sipResponseCode' in obj) {
    // Insights: duration is in milliseconds.
    raw.durationMs = raw.duration;
    delete raw.duration;
  }
  if (event !== undefined && raw.status === 'hangup' && !obj.answerTime) raw.status = 'cancel';
  return { kind: 'call', raw };
}
