import type { Draft } from './draft.js';

/**
 * Next steps per verdict, tied to the troubleshooting checklist (data/checklist.json stages:
 * 1 set-up and account, 2 patterns, 3 routes and carriers, 4 reach the far end, 5 verdict).
 */
export function nextSteps(d: Draft): string[] {
  const s = d.subject;
  switch (d.verdict) {
    case 'configuration':
      return d.kind === 'account'
        ? [
            'Checklist 1 (set-up and account): every route refuses; check the account itself: status, balance, credentials, IP allow-list, outbound permissions.',
            'Read the reason phrases below: "Account suspended" or "Forbidden" right after a change points at the account, not the numbers.',
            'Call the provider with a call id and timestamp; `/sip check` walks the rest.',
          ]
        : [
            `Checklist 1 (set-up and account): check ${s}'s credentials, IP allow-list, caller-ID rules and outbound permissions: the same numbers pass on the other routes.`,
            `Place one test call on ${s} and read the 403's reason phrase and Reason header.`,
            `Route traffic away from ${s} until it is fixed.`,
          ];
    case 'reputation':
      return [
        `Checklist 3 (routes and carriers): ${s} is refused on ${d.routes.length} routes while other numbers pass there: the networks refuse the number, not your trunks.`,
        `Check ${s} with the analytics engines (Hiya, TNS, First Orion) and register it (Free Caller Registry); check its STIR/SHAKEN attestation.`,
        `Rest ${s} or cut its daily volume; Checklist 5 (verdict): escalate to an expert if refusals continue (\`/sip escalate ${s}\`).`,
      ];
    case 'carrier_policy':
      return [
        `Checklist 3 (routes and carriers): ${s} is refused only on ${d.routes[0] ?? 'one route'}; send its calls over the other routes meanwhile.`,
        `Ask ${d.routes[0] ?? 'that carrier'} why it refuses ${s} (quote a call id and the reason phrase) and request remediation.`,
        'Checklist 5 (verdict): carrier policy; escalate if the carrier does not answer.',
      ];
    case 'destination_policy':
      return [
        `Checklist 1 (set-up and account): check the account's destination permissions for ${s}${d.label ? ` (${d.label})` : ''} (international, premium and high-cost areas are often barred by default).`,
        `Ask the carriers whether ${s} is barred for your account; every number and route is refused there.`,
        'Checklist 2 (patterns): nothing to change on the caller numbers.',
      ];
    case 'velocity':
      return [
        `Checklist 2 (patterns): ${s} is refused when it calls fastest; cap its calls per hour or spread them over more numbers and hours.`,
        'Check each carrier\'s per-number and CPS limits; carriers treat bursts from one number as robocalling.',
        `Checklist 5 (verdict): if the refusals continue at lower volume, treat ${s} as a reputation problem.`,
      ];
    case 'insufficient_data':
      return [
        `Keep watching ${s}: fewer calls than a verdict needs.`,
        `Checklist 4 (reach the far end): place a few test calls from ${s} on two routes and read the reason phrases.`,
      ];
  }
}

/** How the verdict reads at the end of a summary. */
export function verdictText(v: Draft['verdict'], kind: Draft['kind']): string {
  switch (v) {
    case 'configuration':
      return kind === 'account' ? 'account configuration' : 'route configuration';
    case 'carrier_policy':
      return 'carrier policy';
    case 'destination_policy':
      return 'destination policy';
    case 'insufficient_data':
      return 'insufficient data';
    default:
      return v;
  }
}
