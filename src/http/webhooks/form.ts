import type { FormParams } from './twilio-signature.js';

/** application/x-www-form-urlencoded to params; a repeated name keeps every value. */
export function parseForm(body: string): FormParams {
  const out: FormParams = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
