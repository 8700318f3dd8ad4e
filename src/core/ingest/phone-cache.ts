import { createPhoneNormalizer, type PhoneNormalizer } from '../phone.js';

/**
 * One normaliser (and its cache of parsed numbers) per default country, shared by every ingest
 * in the process: a webhook stream parses the same caller IDs all day.
 */
const byCountry = new Map<string, PhoneNormalizer>();

export function phoneFor(defaultCountry: string): PhoneNormalizer {
  let n = byCountry.get(defaultCountry);
  if (!n) {
    n = createPhoneNormalizer(defaultCountry);
    byCountry.set(defaultCountry, n);
  }
  return n;
}
