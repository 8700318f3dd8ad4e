import type { GeneratedScenario } from './types.js';

/** The fields of a finding (the patterns JSON) the comparison reads. */
export interface FindingLike {
  kind: string;
  subject: string;
  verdict: string;
  regions?: readonly string[] | undefined;
  routes?: readonly string[] | undefined;
  began?: string | null | undefined;
  recovered?: string | null | undefined;
  summary?: string | undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * What a report gets wrong about a hard day, one sentence per problem (empty: all found, nothing
 * else flagged). `began`/`recovered` must be within `timeToleranceMs` (default one hour, the
 * resolution of an hourly segmentation) of the planted instants; a finding that reports a
 * recovery that was not planted is wrong, and so is one that omits a planted one.
 */
export function compareFindings(
  g: Pick<GeneratedScenario, 'planted' | 'quiet'>,
  findings: readonly FindingLike[],
  o: { timeToleranceMs?: number } = {},
): string[] {
  const tolerance = o.timeToleranceMs ?? 3_600_000;
  const problems: string[] = [];
  const planted = new Set(g.planted.map((p) => `${p.kind} ${p.subject}`));
  const quiet = new Set(g.quiet);
  const time = (
    name: 'began' | 'recovered',
    want: string | undefined,
    got: string | null | undefined,
    who: string,
  ): void => {
    if (want === undefined && (got === undefined || got === null || name === 'began')) return;
    if (want === undefined) problems.push(`${who}: reports ${name} ${got}, none planted`);
    else if (got === undefined || got === null) problems.push(`${who}: no ${name}, planted ${want}`);
    else if (Math.abs(Date.parse(got) - Date.parse(want)) > tolerance)
      problems.push(`${who}: ${name} ${got}, planted ${want}`);
  };
  for (const p of g.planted) {
    const who = `${p.kind} ${p.subject}`;
    const f = findings.find((x) => x.kind === p.kind && x.subject === p.subject);
    if (!f) {
      problems.push(`${who}: missing (planted ${p.verdict})`);
      continue;
    }
    if (f.verdict !== p.verdict) problems.push(`${who}: ${f.verdict}, planted ${p.verdict}`);
    if (p.routes && !sameSet(f.routes ?? [], p.routes))
      problems.push(`${who}: routes [${(f.routes ?? []).join(', ')}], planted [${p.routes.join(', ')}]`);
    if (p.regions && !sameSet(f.regions ?? [], p.regions))
      problems.push(`${who}: regions [${(f.regions ?? []).join(', ')}], planted [${p.regions.join(', ')}]`);
    time('began', p.began, f.began, who);
    time('recovered', p.recovered, f.recovered, who);
    if (p.says && !(f.summary ?? '').includes(p.says)) problems.push(`${who}: summary does not say "${p.says}"`);
  }
  for (const f of findings) {
    const who = `${f.kind} ${f.subject}`;
    if (planted.has(who)) continue;
    problems.push(`${who}: flagged ${f.verdict}, ${quiet.has(f.subject) ? 'must stay quiet' : 'not planted'}`);
  }
  return problems;
}
