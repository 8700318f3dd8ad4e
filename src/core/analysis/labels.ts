import { npaInfo } from '../phone.js';

let names: Intl.DisplayNames | undefined;

function countryName(code: string): string | undefined {
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'region' });
    const n = names.of(code);
    return n && n !== code ? n : undefined;
  } catch {
    return undefined;
  }
}

/** `512` -> `TX`, `876` -> `Jamaica`, `GB` -> `United Kingdom`. */
export function regionLabel(region: string): string | undefined {
  if (/^\d{3}$/.test(region)) {
    const i = npaInfo(region);
    if (!i) return undefined;
    // Territories with their own area codes carry their country code as the state (876 -> JM).
    return i.state && i.state !== i.country ? i.state : (countryName(i.country) ?? i.country);
  }
  if (/^[A-Z]{2}$/.test(region)) return countryName(region);
  return undefined;
}

/** Local clock labels for the hours of a window: `15:00`, or `11-20 15:00` for windows over a day. */
export function hourLabeler(from: number, to: number, timeZone: string): (h: number) => string {
  const long = to - from > 25 * 3_600_000;
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(long ? { month: '2-digit', day: '2-digit' } : {}),
  });
  return (h) => {
    const parts = fmt.formatToParts(new Date(from + h * 3_600_000));
    const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
    const hm = `${get('hour')}:${get('minute')}`;
    return long ? `${get('month')}-${get('day')} ${hm}` : hm;
  };
}

/** Local clock labels for the buckets of a window: bucket b starts at `from + b * bucketMs`. */
export function bucketLabeler(from: number, to: number, bucketMs: number, timeZone: string): (b: number) => string {
  const hour = hourLabeler(from, to, timeZone);
  return (b) => hour((b * bucketMs) / 3_600_000);
}
