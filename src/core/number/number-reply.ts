import type { Block, Button, Reply } from '../../reply.js';
import { num, pct } from '../analysis/stats.js';
import { showCallsButton } from '../calls/buttons.js';
import { ENGINES } from '../redress/engines.js';
import type { NumberHealth } from './health.js';
import { ACTION_LABEL } from './recommend.js';
import { VERDICT_INFO } from '../analysis/verdicts.js';

const date = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

function episodeLines(h: NumberHealth): string[] {
  if (!h.episodes.length) return ['No refusal episode in the window.'];
  return h.episodes.map(
    (e) =>
      `**${VERDICT_INFO[e.verdict].label}** on ${e.routes.join(', ') || 'its routes'}: began ${e.beganDate}, ${e.recoveredDate === null ? '**still refused**' : `recovered ${e.recoveredDate}`}`,
  );
}

function attestationText(h: NumberHealth): string {
  const a = h.attestation;
  const reported = a.A + a.B + a.C;
  if (h.calls === 0) return 'No calls.';
  if (reported === 0)
    return `No source reported an attestation for its ${num(h.calls)} calls: nothing can be said about it (not reported is not "unsigned").`;
  return `A ${num(a.A)} · B ${num(a.B)} · C ${num(a.C)}; not reported ${num(a.unknown)}. Covers ${pct(reported / h.calls)} of its calls.`;
}

function contactLines(h: NumberHealth): string[] {
  return h.contacts.map((c) => {
    const how = [
      c.url && `url ${c.url}`,
      c.tel && `tel ${c.tel}`,
      c.email && `email ${c.email}`,
      c.card && `card ${c.card}`,
    ]
      .filter(Boolean)
      .join(', ');
    return `${c.sipCode === 608 ? '608' : '603+'} from ${c.route}${c.location ? ` (${c.location})` : ''}: ${how}${c.id ? `, id \`${c.id}\`` : ''} x${num(c.calls)}, last ${date(c.lastMs)}`;
  });
}

function volumeText(h: NumberHealth): string {
  const { recentPerDay, normalPerDay } = h.volume;
  if (normalPerDay === null) return `${num(Math.round(recentPerDay))}/day (no earlier days to compare)`;
  return `${num(Math.round(recentPerDay))}/day vs normal ${num(Math.round(normalPerDay))} (${normalPerDay > 0 ? (recentPerDay / normalPerDay).toFixed(1) : '-'}x)`;
}

/** The health card: the recommendation first, then what it rests on, with the chart. */
export function numberReply(h: NumberHealth, png?: Buffer): Reply {
  const r = h.recommendation;
  const blocks: Block[] = [
    {
      kind: 'text',
      text: `**${ACTION_LABEL[r.action][0]!.toUpperCase()}${ACTION_LABEL[r.action].slice(1)}.** ${r.why}`,
    },
    {
      kind: 'fields',
      fields: [
        { label: `Calls, ${h.days.length} days`, value: num(h.calls) },
        { label: 'Refused', value: `${num(h.blocked)} (${pct(h.calls ? h.blocked / h.calls : 0)})` },
        { label: 'Refused, last 7 days', value: pct(h.recentRate) },
        { label: 'Volume, last 7 days', value: volumeText(h) },
      ],
    },
    { kind: 'list', heading: 'Verdicts', items: episodeLines(h) },
  ];
  if (h.routes.length) {
    blocks.push({
      kind: 'table',
      heading: 'Routes',
      columns: ['route', 'calls', 'refused', 'rate', 'last 7 days'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: h.routes.map((x) => [
        `${x.route}${x.provider ? ` (${x.provider})` : ''}`,
        num(x.calls),
        num(x.blocked),
        pct(x.calls ? x.blocked / x.calls : 0),
        x.recentCalls ? pct(x.recentBlocked / x.recentCalls) : 'no calls',
      ]),
    });
  }
  blocks.push({ kind: 'text', heading: 'Attestation', text: attestationText(h) });
  const contacts = contactLines(h);
  blocks.push(
    contacts.length
      ? { kind: 'list', heading: '603+ / 608 contacts seen', items: contacts }
      : {
          kind: 'context',
          text: 'No refusal carried a 603+ Reason or 608 Call-Info contact (or the source does not record them).',
        },
  );
  if (h.redress.length) {
    blocks.push({
      kind: 'list',
      heading: 'Redress requests',
      items: h.redress.map(
        (x) =>
          `#${x.id} ${x.engine}: ${x.status}${x.submittedMs ? `, submitted ${date(x.submittedMs)}` : ''}${x.reference ? `, ref ${x.reference}` : ''}`,
      ),
    });
  }
  if (h.episodes.some((e) => e.recovered === null)) {
    blocks.push({
      kind: 'list',
      heading: 'Whom to ask',
      items: h.engines.map((e) => `**${ENGINES[e.engine].label}**: ${e.why.join('; ')}`),
    });
  }
  const buttons: Button[] = [];
  const first = h.engines[0];
  if (first && h.recommendation.action !== 'keep')
    buttons.push({
      label: `Prepare redress: ${first.engine}`,
      action: 'redress.open',
      value: `${h.number}|${first.engine}`,
      style: 'primary',
    });
  buttons.push(
    showCallsButton({ kind: 'number', value: h.number }, h.toMs - 7 * DAY, h.toMs, undefined, 'Refused calls, 7 days'),
  );
  const reply: Reply = {
    title: `Number health ${h.number}: ${ACTION_LABEL[r.action]}`,
    tone: r.action === 'keep' ? 'ok' : r.action === 'rest' ? 'warn' : 'bad',
    blocks,
    buttons,
  };
  if (png) {
    reply.image = {
      filename: `number-${h.number.replace(/\D/g, '')}.png`,
      png,
      alt: `Refused % by route per day for ${h.number}: ${num(h.blocked)} of ${num(h.calls)} calls refused over ${h.days.length} days; ${episodeLines(h).join('; ').replace(/\*\*/g, '')}`,
    };
  }
  return reply;
}
