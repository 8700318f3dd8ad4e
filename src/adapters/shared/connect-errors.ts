import { UserError } from '../../errors.js';

/** Socket-level failures: the service was never reached, so the credentials were never judged. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/** The network error code somewhere in an SDK's error chain (axios `original`, fetch `cause`). */
export function networkCode(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && !seen.has(cur)) {
    seen.add(cur);
    const o = cur as { code?: unknown; cause?: unknown; original?: unknown; errors?: unknown[] };
    if (typeof o.code === 'string' && NETWORK.has(o.code)) return o.code;
    // AggregateError (happy eyeballs: one per address tried).
    const inner = Array.isArray(o.errors) ? o.errors.map(networkCode).find(Boolean) : undefined;
    if (inner) return inner;
    cur = o.original ?? o.cause;
  }
  return undefined;
}

export interface ConnectTarget {
  /** As people know it (ChatPlatform.label). */
  platform: string;
  /** The variable holding the credential that was presented (SLACK_BOT_TOKEN, DISCORD_TOKEN...). */
  credential: string;
  /** The API base that was called, and the variable that overrides it. */
  base: string;
  baseVariable: string;
  /** What to do when the credential is refused. */
  fix: string;
}

/**
 * One true sentence for a platform that could not be started: either it was not reached (network,
 * DNS, TLS) or it refused the credential. The SDK's own message is kept in brackets for searching.
 */
export function connectError(t: ConnectTarget, e: unknown): UserError {
  const net = networkCode(e);
  if (net) {
    return new UserError(
      `${t.platform.toLowerCase()}.unreachable`,
      `Cannot reach ${t.platform} at ${t.base} (${net}): check the network, a proxy, or ${t.baseVariable}.`,
    );
  }
  const detail = platformDetail(e);
  return new UserError(
    `${t.platform.toLowerCase()}.auth`,
    `${t.platform} refused ${t.credential} (${detail}): ${t.fix}`,
  );
}

function platformDetail(e: unknown): string {
  const o = e as { data?: { error?: unknown }; code?: unknown; status?: unknown; message?: unknown };
  if (typeof o?.data?.error === 'string') return o.data.error;
  if (typeof o?.status === 'number') return `HTTP ${o.status}`;
  const msg = typeof o?.message === 'string' ? o.message : String(e);
  return msg.replace(/^An API error occurred: /, '');
}
