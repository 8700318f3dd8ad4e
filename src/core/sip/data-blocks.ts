import type { Block } from '../../reply.js';
import type { CodeStats, Count } from '../../store/code-stats.js';
import { num as n, pctOf } from '../format/percent.js';
import { decodeReason } from './decode-reason.js';

/** A share written the one way every reply writes rates (src/core/format/percent.ts). */
export function pct(part: number, whole: number): string {
  return pctOf(part, whole);
}

/** "up: 6.0% of calls, against 0.3% (362 of 122,057) the week before", judged on rates, not counts. */
export function trend(s: CodeStats): string {
  if (s.prevTotal7d === 0) return 'no calls the week before to compare with';
  const now = s.total7d ? s.last7d / s.total7d : 0;
  const before = s.prev7d / s.prevTotal7d;
  const was = `${pct(s.prev7d, s.prevTotal7d)} (${n(s.prev7d)} of ${n(s.prevTotal7d)}) the week before`;
  if (s.prev7d === 0 && s.last7d === 0) return 'none either week';
  const ratio = before === 0 ? Infinity : now / before;
  const dir = ratio >= 1.1 ? 'up' : ratio <= 0.9 ? 'down' : 'flat';
  const times = ratio >= 2 && Number.isFinite(ratio) ? ` (${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}x)` : '';
  return `${dir}${times}: ${pct(s.last7d, s.total7d)} of calls, against ${was}`;
}

/** The "In your data" part of `/sip <code>`: counts, share, trend and who gets it. */
export function codeDataBlocks(label: string, s: CodeStats): Block[] {
  // An empty database: say so, and how to fill it, instead of the textbook alone.
  if (s.total7d === 0 && s.prevTotal7d === 0) {
    return [
      {
        kind: 'context',
        text: 'No calls stored in the last 14 days, so none of your own figures are beside this. Load them with `sipbot ingest FILE` or POST /api/v1/calls; `npm start` on an empty database shows the demo.',
      },
    ];
  }
  const heading = 'In your data';
  if (s.last7d === 0) {
    return [
      {
        kind: 'text',
        heading,
        text: `No call got ${label} in the last 7 days (${n(s.total7d)} calls). Week before: ${n(s.prev7d)}.`,
      },
    ];
  }
  const blocks: Block[] = [
    {
      kind: 'fields',
      heading,
      fields: [
        { label: 'Last 24 h', value: `${n(s.last24h)} calls, ${pct(s.last24h, s.total24h)} of ${n(s.total24h)}` },
        { label: 'Last 7 days', value: `${n(s.last7d)} calls, ${pct(s.last7d, s.total7d)} of ${n(s.total7d)}` },
        { label: 'Trend', value: trend(s) },
      ],
    },
  ];
  const shareTable = (title: string, col: string, rows: Array<Count & { total: number }>): Block => ({
    kind: 'table',
    heading: title,
    columns: [col, label, 'of its calls', 'share'],
    align: ['left', 'right', 'right', 'right'],
    rows: rows.map((r) => [r.key, n(r.calls), n(r.total), pct(r.calls, r.total)]),
  });
  if (s.topCallers.length) blocks.push(shareTable('Top caller numbers (7 days)', 'caller', s.topCallers));
  if (s.topRoutes.length) blocks.push(shareTable('Routes (7 days)', 'route', s.topRoutes));
  if (s.topRegions.length) {
    blocks.push({
      kind: 'table',
      heading: 'Destination regions (7 days)',
      columns: ['region', label, `share of ${label}`],
      align: ['left', 'right', 'right'],
      rows: s.topRegions.map((r) => [r.label ? `${r.key} (${r.label})` : r.key, n(r.calls), pct(r.calls, s.last7d)]),
    });
  }
  if (s.reasons.length) {
    blocks.push({
      kind: 'table',
      heading:
        s.sampled < s.last7d
          ? `Reason phrases seen (latest ${n(s.sampled)} of ${n(s.last7d)})`
          : 'Reason phrases seen (7 days)',
      columns: ['phrase', 'calls', 'reads as'],
      align: ['left', 'right', 'left'],
      rows: s.reasons.map((r) => [r.key.slice(0, 80), n(r.calls), decodeReason(r.key)?.label ?? '-']),
    });
  }
  return blocks;
}
