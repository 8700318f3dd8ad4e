import type { Block, Button, Reply } from '../../reply.js';
import type { CodeStats } from '../../store/code-stats.js';
import { STACK_NAMES, findCause, findCode } from './codes.js';
import { codeDataBlocks, pct } from './data-blocks.js';
import type { CauseExplanation, CodeExplanation, Explanation, PhraseExplanation, ReasonExplained } from './explain.js';
import type { ReasonCategory, Stack } from './schema.js';

const STACKS: Stack[] = ['rfc3398', 'freeswitch', 'asterisk'];

/** Whose problem a decoded phrase points at: the first thing a reader needs to know. */
const SIDE: Record<ReasonCategory, string> = {
  credentials: 'A check on your side (trunk authentication), not reputation blocking.',
  ip_allowlist: 'A check on your side (trunk IP allow-list), not reputation blocking.',
  account: 'A check on your side (account state with the provider), not reputation blocking.',
  caller_id: 'A check on your side (caller-ID rules), not reputation blocking.',
  destination_permission: 'A check on your side (destination permissions), not reputation blocking.',
  limit: 'A capacity limit on your side, not reputation blocking: it clears when the load drops.',
  reputation: 'The network is refusing your number: reputation or analytics blocking.',
  stir: 'A STIR/SHAKEN signing or verification problem between your signer and the terminating network.',
};

function reasonBlocks(rs: ReasonExplained[]): Block[] {
  return rs.map((r, i) => ({
    kind: 'list' as const,
    heading: rs.length > 1 ? `Reason header ${i + 1}` : 'Reason header',
    items: r.lines,
  }));
}

function causeLabel(cause: number | null, internal?: string): string {
  if (internal) return `internal cause ${internal} (no Q.850 value)`;
  if (cause === null) return 'no mapping';
  return `${cause} ${findCause(cause)?.name ?? ''}`.trim();
}

/** Codes the 403 checklist helps with: refusals, and what carriers answer instead of 403. */
const CHECKLIST = new Set([
  '401',
  '402',
  '403',
  '404',
  '407',
  '480',
  '486',
  '503',
  '603',
  '603+',
  '607',
  '608',
  'q850 21',
]);

export function buttons(codeValue: string): Button[] {
  return [
    { label: 'Show patterns', action: 'patterns.show', value: codeValue },
    ...(CHECKLIST.has(codeValue) ? [{ label: 'Start the 403 checklist', action: 'check.start', value: '' }] : []),
    { label: 'Request expert review', action: 'escalate.open', value: codeValue },
  ];
}

/** What the asker pasted besides the code: the reason phrase and Reason headers, read out. */
export function queryBlocks(e: CodeExplanation): Block[] {
  const blocks: Block[] = [];
  if (e.phrase) {
    const d = e.phrase.decoded;
    blocks.push({
      kind: 'text',
      heading: 'The reason phrase',
      text: d
        ? `"${e.phrase.text}" reads as **${d.label}**${d.provider && !d.label.includes(d.provider) ? ` (${d.provider})` : ''}. ${SIDE[d.category]} ${d.check}`
        : `"${e.phrase.text}" is not the registry phrase ("${e.reason}") and names no cause I know. Phrases are free text (RFC 3261 §7.2): ask the sender what it means.`,
    });
  }
  blocks.push(...reasonBlocks(e.reason_headers));
  for (const c of e.call_info) blocks.push({ kind: 'list', heading: 'Call-Info header', items: c.lines });
  return blocks;
}

export function codeTitle(e: CodeExplanation): string {
  return e.key === '603+' ? '603 Network Blocked (603+)' : `${e.code} ${e.reason}`;
}

function codeReply(e: CodeExplanation, stats: CodeStats | null): Reply {
  const title = codeTitle(e);
  const blocks: Block[] = [{ kind: 'text', text: e.summary }];
  if (!e.registered && e.provenance)
    blocks.push({ kind: 'context', text: `Not in the IANA registry. ${e.provenance}` });
  blocks.push({ kind: 'text', heading: 'On your outbound calls', text: e.outbound });
  blocks.push(...queryBlocks(e));
  if (e.blocking) {
    blocks.push({
      kind: 'fields',
      heading: 'Who refuses, and what you can do',
      fields: [
        { label: 'Who', value: e.blocking.who },
        { label: 'What it says', value: e.blocking.meaning },
      ],
    });
    blocks.push({ kind: 'list', items: e.blocking.remedies });
  }
  blocks.push({ kind: 'list', heading: 'Likely causes', items: e.causes });
  blocks.push({ kind: 'list', heading: 'Next steps', ordered: true, items: e.next_steps });
  const q = e.q850_by_stack;
  blocks.push({
    kind: 'fields',
    heading: 'As a Q.850 cause (CDRs, ISUP)',
    fields: STACKS.map((s) => {
      const m = q[s];
      const how = m.note ? `. ${m.note}` : m.via === 'default' ? ' (its default for codes it does not list)' : '';
      return { label: STACK_NAMES[s], value: causeLabel(m.cause, m.internal) + how };
    }),
  });
  if (e.note) blocks.push({ kind: 'context', text: `Note: ${e.note}` });
  if (stats) {
    const data = codeDataBlocks(e.key === '603+' ? '603+' : String(e.code), stats);
    // "No calls stored" goes under the first paragraph, where a newcomer still reads.
    if (data.length === 1 && data[0]!.kind === 'context') blocks.splice(1, 0, ...data);
    else blocks.push(...data);
  }
  blocks.push({
    kind: 'context',
    text: `${e.section ?? e.references.join(', ')}${e.registered ? ' · phrase as in the IANA registry' : ''}`,
  });
  // Provisional and success answers are not failures: nothing to pattern-match or escalate.
  const btns = e.code >= 300 ? { buttons: buttons(e.key) } : {};
  return { title, tone: e.policy_refusal ? 'bad' : e.code >= 400 ? 'warn' : 'info', blocks, ...btns };
}

function causeReply(
  e: CauseExplanation,
  stats: { calls: number; total: number; byCode: Array<{ key: string; calls: number }> } | null,
): Reply {
  const blocks: Block[] = [];
  blocks.push({ kind: 'text', text: `${e.summary ? e.summary + ' ' : ''}Class: ${e.class}.` });
  if (e.from_sip.length) {
    blocks.push({
      kind: 'table',
      heading: `SIP responses that become cause ${e.cause}`,
      columns: ['SIP', 'reason', 'by'],
      rows: e.from_sip.map((x) => [String(x.code), x.reason, x.stacks.map((s) => STACK_NAMES[s]).join(', ')]),
    });
  }
  if (e.from_sip_defaults.length) {
    blocks.push({
      kind: 'list',
      items: e.from_sip_defaults.map((d) => `${STACK_NAMES[d.stack]} also gives ${e.cause} for ${d.rule}.`),
    });
  }
  if (e.cause === 21) {
    blocks.push({
      kind: 'text',
      heading: 'What it hides',
      text: `A CDR that says only "cause 21" cannot tell a wrong password (401/407) from a policy refusal (403), a declined call (603) or an analytics block (608, or 603+ crossing to TDM). Find the SIP status and reason phrase: FreeSWITCH \`sip_term_status\` / \`sip_invite_failure_phrase\`, Asterisk \`HANGUPCAUSE(<channel>,tech)\`, or the \`Reason\` header.`,
    });
  }
  blocks.push({
    kind: 'fields',
    heading: `Cause ${e.cause} back to SIP`,
    fields: e.to_sip.map((t) => ({
      label: STACK_NAMES[t.stack],
      value: `${t.code} ${findCode(t.code)?.reason ?? ''}${t.via === 'default' ? ' (default)' : ''}${t.note ? `. ${t.note}` : ''}`,
    })),
  });
  blocks.push(...reasonBlocks(e.reason_headers));
  if (stats && stats.calls > 0) {
    blocks.push({
      kind: 'table',
      heading: `In your data: ${stats.calls.toLocaleString('en-US')} of the latest ${stats.total.toLocaleString('en-US')} calls (7 days) had cause ${e.cause} (${pct(stats.calls, stats.total)})`,
      columns: ['SIP', 'calls'],
      align: ['left', 'right'],
      rows: stats.byCode.map((r) => [r.key, String(r.calls)]),
    });
  }
  blocks.push({
    kind: 'context',
    text: 'ITU-T Q.850; mappings: RFC 3398 §7.2.4.1 and §8.2.6.1, FreeSWITCH sofia_glue.c, Asterisk chan_pjsip.c.',
  });
  const value = `q850 ${e.cause}`;
  return {
    title: `Q.850 cause ${e.cause}: ${e.name}`,
    tone: 'info',
    blocks,
    buttons: e.cause === 21 ? buttons(value) : [{ label: 'Request expert review', action: 'escalate.open', value }],
  };
}

function phraseReply(e: PhraseExplanation): Reply {
  const blocks: Block[] = [];
  if (e.decoded)
    blocks.push({
      kind: 'text',
      heading: 'The phrase reads as',
      text: `**${e.decoded.label}**. ${SIDE[e.decoded.category]} ${e.decoded.check}`,
    });
  if (e.matches.length) {
    blocks.push({
      kind: 'table',
      heading: 'SIP responses',
      columns: ['code', 'reason'],
      rows: e.matches.map((m) => [m.key, m.reason]),
    });
  }
  if (e.causes.length)
    blocks.push({
      kind: 'table',
      heading: 'Q.850 causes',
      columns: ['cause', 'name'],
      rows: e.causes.map((c) => [String(c.cause), c.name]),
    });
  blocks.push({ kind: 'context', text: 'Ask about one: `/sip 486`, `/sip q850 17`.' });
  const found = e.matches.length + e.causes.length;
  return {
    title: found ? `"${e.phrase}": ${found} match${found === 1 ? '' : 'es'}` : `"${e.phrase}"`,
    tone: 'info',
    blocks,
    ephemeral: true,
  };
}

/** The Reply for an explanation, with the team's own numbers when there are any. */
export function explanationReply(
  e: Explanation,
  stats: {
    code?: CodeStats | null;
    cause?: { calls: number; total: number; byCode: Array<{ key: string; calls: number }> } | null;
  } = {},
): Reply {
  if (e.kind === 'code') return codeReply(e, stats.code ?? null);
  if (e.kind === 'q850') return causeReply(e, stats.cause ?? null);
  return phraseReply(e);
}
