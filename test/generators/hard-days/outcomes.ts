/**
 * Final responses as carriers send them. Blocking ones (403, 603 "Network Blocked", 607, 608) are
 * what the digest counts; the rest are the everyday failures a dialer sees, some of them traps: a plain
 * 603 Decline is the callee's choice, 503 is an outage and 436-438 are STIR/SHAKEN identity
 * failures (RFC 8224 section 13.2), none of them a policy refusal.
 */
export interface Outcome {
  code: number;
  reason: string;
  q850: number | null;
  weight: number;
}

const o = (code: number, reason: string, q850: number | null, weight: number): Outcome => ({
  code,
  reason,
  q850,
  weight,
});

/** Ordinary outcomes of a day of business calling (answered about half the time). */
export const BUSINESS_MIX: readonly Outcome[] = [
  o(200, 'OK', 16, 52),
  o(487, 'Request Terminated', 16, 16),
  o(480, 'Temporarily Unavailable', 18, 12),
  o(486, 'Busy Here', 17, 6),
  o(404, 'Not Found', 1, 4),
  o(408, 'Request Timeout', 102, 3),
  o(603, 'Decline', 21, 2.5),
  o(503, 'Service Unavailable', 34, 1.5),
  o(484, 'Address Incomplete', 28, 1),
  o(488, 'Not Acceptable Here', 65, 0.5),
  o(500, 'Server Internal Error', 41, 0.5),
  o(410, 'Gone', 22, 1),
];

/**
 * A predictive dialer's: 1-2% answered, the rest ring out (487, dialer hang-up) or are
 * unavailable (480). Refusal rates must be judged against all attempts, not against answers.
 */
export const DIALER_MIX: readonly Outcome[] = [
  o(200, 'OK', 16, 1.5),
  o(487, 'Request Terminated', 16, 52),
  o(480, 'Temporarily Unavailable', 18, 30),
  o(486, 'Busy Here', 17, 7),
  o(404, 'Not Found', 1, 4),
  o(408, 'Request Timeout', 102, 3),
  o(603, 'Decline', 21, 1),
  o(503, 'Service Unavailable', 34, 1),
  o(410, 'Gone', 22, 0.5),
];

/** Stray policy refusals every account sees a little of. */
export const NOISE_REFUSALS: readonly Outcome[] = [
  o(403, 'Forbidden', 21, 50),
  o(603, 'Network Blocked', 21, 25),
  o(608, 'Rejected', 21, 15),
  o(607, 'Unwanted', 21, 10),
];

/** How each planted cause looks on the wire. */
export const FLAVOURS = {
  routeConfig: [o(403, 'Forbidden', 21, 3), o(403, 'Forbidden - IP not in ACL', 21, 1)],
  account: [o(403, 'Account suspended', 21, 2), o(403, 'Forbidden', 21, 1)],
  international: [o(403, 'International calling not permitted', 21, 3), o(403, 'Forbidden', 21, 1)],
  reputation: [
    o(603, 'Network Blocked', 21, 50),
    o(608, 'Rejected', 21, 25),
    o(403, 'Spam suspected', 21, 15),
    o(607, 'Unwanted', 21, 10),
  ],
  carrier: [o(403, 'Calling number not allowed', 21, 3), o(403, 'Caller ID not authorized', 21, 1)],
  destination: [o(403, 'Destination not allowed', 21, 3), o(403, 'Forbidden', 21, 1)],
  velocity: [o(603, 'Network Blocked', 21, 2), o(607, 'Unwanted', 21, 1), o(608, 'Rejected', 21, 1)],
  mixed: [
    o(403, 'Forbidden', 21, 4),
    o(603, 'Network Blocked', 21, 3),
    o(608, 'Rejected', 21, 2),
    o(607, 'Unwanted', 21, 1),
  ],
  outage: [o(503, 'Service Unavailable', 34, 4), o(503, 'Service Unavailable', 41, 1)],
  stir: [
    o(436, 'Bad Identity Info', null, 1),
    o(437, 'Unsupported Credential', null, 1),
    o(438, 'Invalid Identity Header', null, 3),
  ],
} as const satisfies Record<string, readonly Outcome[]>;

export type Flavour = keyof typeof FLAVOURS;
