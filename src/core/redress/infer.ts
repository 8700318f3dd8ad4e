import type { ContactRow } from '../../store/number-health.js';
import type { EngineId } from './engines.js';

/** Which engine to ask, and the evidence that says so. */
export interface EngineChoice {
  engine: EngineId;
  why: string[];
}

/** A 603+ contact's domain that names an analytics engine. */
const CONTACT_ENGINES: Array<[RegExp, EngineId]> = [
  [/hiya/i, 'hiya'],
  [/tnsi\.com|tnsresponsecenter|callguardian|reportarobocall/i, 'tns'],
  [/firstorion|first-orion/i, 'first-orion'],
  [/freecallerregistry/i, 'free-caller-registry'],
];

/**
 * Terminating carriers and the engine each uses, as the carriers' partners publish it (AT&T and
 * Samsung: Hiya; Verizon: TNS Call Guardian; T-Mobile and Metro: First Orion). A route or the
 * provider the profile names for it that is one of them points at its engine.
 */
const CARRIER_ENGINES: Array<[RegExp, EngineId, string]> = [
  [/\bat&?t\b|^att[-_ ]|[-_ ]att$|^att$/i, 'hiya', 'AT&T labels with Hiya'],
  [/t-?mobile|\bmetro\b|tmo/i, 'first-orion', 'T-Mobile labels with First Orion'],
  [/verizon|vzw/i, 'tns', 'Verizon labels with TNS Call Guardian'],
];

function contactText(c: ContactRow): string {
  return [c.url, c.email, c.tel, c.card].filter(Boolean).join(' ');
}

function add(out: Map<EngineId, string[]>, engine: EngineId, why: string): void {
  const list = out.get(engine) ?? [];
  if (!list.includes(why)) list.push(why);
  out.set(engine, list);
}

/**
 * Infers the parties to ask from what refused the calls: first the 603+ / 608 contacts (the
 * blocker named itself), then the routes and their providers; with neither, the Free Caller
 * Registry, whose one form reaches Hiya, TNS and First Orion. Strongest evidence first.
 */
export function inferEngines(
  contacts: readonly ContactRow[],
  routes: ReadonlyArray<{ route: string; provider: string | null; blocked: number }>,
): EngineChoice[] {
  const out = new Map<EngineId, string[]>();
  for (const c of contacts) {
    const text = contactText(c);
    const hit = CONTACT_ENGINES.find(([re]) => re.test(text));
    const seen = `${c.calls} refusal${c.calls === 1 ? '' : 's'} on ${c.route} (${c.sipCode === 608 ? '608 Call-Info' : '603+'}) named ${text}${c.id ? `, id ${c.id}` : ''}`;
    add(out, hit ? hit[1] : 'carrier', seen);
  }
  for (const r of routes.filter((x) => x.blocked > 0)) {
    for (const name of [r.route, r.provider].filter((x): x is string => !!x)) {
      const hit = CARRIER_ENGINES.find(([re]) => re.test(name));
      if (hit)
        add(out, hit[1], `${r.blocked} refusals on ${r.route}${r.provider ? ` (${r.provider})` : ''}: ${hit[2]}`);
    }
  }
  if (out.size === 0) {
    add(
      out,
      'free-caller-registry',
      'No refusal carried a 603+ or 608 contact and no route names a carrier: one Free Caller Registry form reaches Hiya, TNS and First Orion.',
    );
  }
  return [...out].map(([engine, why]) => ({ engine, why }));
}
