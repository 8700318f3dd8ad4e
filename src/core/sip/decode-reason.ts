import { reasonPatterns } from './load.js';
import type { ReasonCategory } from './schema.js';

export interface DecodedReason {
  category: ReasonCategory;
  label: string;
  /** What to check, one or two sentences. */
  check: string;
  /** The pattern id in data/reason-patterns.json. */
  id: string;
  provider?: string;
}

/** The registry phrases that carry no cause of their own: nothing to decode in "403 Forbidden". */
const BARE = /^(sip\/2\.0\s+)?(\d{3}\s*)?(forbidden|decline|rejected|unwanted|ok)?[\s.:-]*$/i;

/**
 * Reads the cause a carrier put in a reason phrase (`Caller Origination Number is Invalid D35`,
 * `Forbidden - account suspended`). Null when the phrase says nothing beyond the code.
 */
export function decodeReason(phrase: string | null | undefined): DecodedReason | null {
  if (!phrase) return null;
  const p = phrase.trim();
  if (!p || BARE.test(p)) return null;
  for (const pat of reasonPatterns()) {
    if (pat.re.test(p)) {
      return {
        category: pat.category,
        label: pat.label,
        check: pat.check,
        id: pat.id,
        ...(pat.provider ? { provider: pat.provider } : {}),
      };
    }
  }
  return null;
}
