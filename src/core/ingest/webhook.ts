import type { Ctx } from '../../context.js';
import { formatModule } from './formats/index.js';
import { normalizeCall } from './normalize.js';
import { phoneFor } from './phone-cache.js';
import type { FormatName, Normalized } from './types.js';

/**
 * One provider callback (parsed JSON body or form parameters) as a call: `{kind:'call', record}`,
 * `{kind:'skip'}` for a callback that is not a final outcome (ringing, answered, a Telnyx event
 * other than call.hangup), or `{kind:'reject', error}`. Never throws on bad input.
 */
export function parseCallPayload(
  ctx: Pick<Ctx, 'config'>,
  format: FormatName,
  payload: Readonly<Record<string, unknown>>,
  opts: { source?: string; tz?: string } = {},
): Normalized {
  const module = formatModule(format);
  const source = opts.source ?? format;
  let mapped;
  try {
    mapped = module.object(payload);
  } catch (e) {
    return { kind: 'reject', error: `unreadable payload: ${(e as Error).message}` };
  }
  if (mapped.kind !== 'call') return mapped;
  return normalizeCall(mapped.raw, { source, phone: phoneFor(ctx.config.defaultCountry), time: { zone: opts.tz } });
}
