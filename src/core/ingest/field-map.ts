import { UsageError } from '../../errors.js';
import { CANONICAL_FIELDS, type Field, type FieldMap } from './aliases.js';

/**
 * `--map caller=ANI,callee=Dialed,sip_code=Result`: which column (header or JSON key, compared
 * without case, spaces or punctuation) holds which canonical field. Bad usage is a UserError
 * naming the fields there are.
 */
export function fieldMapOf(spec: string): FieldMap {
  const map = new Map<Field, string>();
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const column = eq < 0 ? '' : part.slice(eq + 1).trim();
    const field = CANONICAL_FIELDS[name];
    if (!field || column === '') {
      throw new UsageError(
        'ingest.bad_map',
        `--map takes FIELD=COLUMN pairs, not "${part.trim().slice(0, 40)}"; fields: ${Object.keys(CANONICAL_FIELDS).join(', ')}.`,
      );
    }
    map.set(field, column);
  }
  if (map.size === 0)
    throw new UsageError(
      'ingest.bad_map',
      '--map needs at least one FIELD=COLUMN pair, e.g. --map caller=ANI,callee=Dialed.',
    );
  return map;
}
