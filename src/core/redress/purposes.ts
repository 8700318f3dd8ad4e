/**
 * First Orion's call purposes, exactly as its CSV upload takes them (support.firstorionenterprise.com,
 * "How do I create a program in the Customer Portal?", Upload CSV File). ONE list: the profile's
 * purposes per campaign are checked against it.
 */
export const CALL_PURPOSES = [
  'Charity',
  'Customer Service',
  'Debt Collection',
  'Informational/Notification',
  'Multi-Use Line',
  'Political',
  'Prison',
  'Survey',
  'Telemarketing',
  'Do Not Originate',
] as const;
export type CallPurpose = (typeof CALL_PURPOSES)[number];

/** The list's own spelling of a purpose typed loosely (`informational`, `customer service`), or null. */
export function callPurpose(s: string | null | undefined): CallPurpose | null {
  if (!s) return null;
  const k = s.toLowerCase().replace(/[^a-z]/g, '');
  return (
    CALL_PURPOSES.find((p) => p.toLowerCase().replace(/[^a-z]/g, '') === k) ??
    CALL_PURPOSES.find(
      (p) =>
        p
          .toLowerCase()
          .replace(/[^a-z]/g, '')
          .startsWith(k) && k.length >= 4,
    ) ??
    null
  );
}
