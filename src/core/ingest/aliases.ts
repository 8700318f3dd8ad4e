import type { RawCall, Scalar } from './types.js';

/** Header / key names compared without case, spaces or punctuation: `SIP Response Code` = `sip_response_code`. */
export function normKey(k: string): string {
  return k.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export type Field = keyof RawCall;

/**
 * Our fields and the names sources give them, most specific first: when a record has two of
 * them (`SipResponseCode` and `code`), the earlier wins. Compared after normKey().
 */
const ALIASES: ReadonlyArray<readonly [Field, readonly string[]]> = [
  [
    'callId',
    [
      'call_id',
      'callid',
      'call_sid',
      'callsid',
      'uuid',
      'call_uuid',
      'uniqueid',
      'call_session_id',
      'call_control_id',
      'sid',
      'id',
    ],
  ],
  [
    'start',
    [
      'start_time',
      'starttime',
      'start',
      'starting_date',
      'start_date',
      'call_start',
      'date_created',
      'start_stamp',
      'start_epoch',
      'initiation_time',
      'calldate',
      'call_date',
      'timestamp',
      'call_time',
      'time',
      'created',
      'event_time',
      'date',
    ],
  ],
  [
    'caller',
    [
      'caller',
      'from',
      'ani',
      'src',
      'calling_number',
      'caller_id_number',
      'from_number',
      'src_user',
      'from_user',
      'caller_id',
      'cli',
      'source_number',
      'origination_number',
    ],
  ],
  [
    'callee',
    [
      'callee',
      'to',
      'dnis',
      'dst',
      'called_number',
      'destination_number',
      'to_number',
      'dst_user',
      'to_user',
      'ruri_user',
      'dst_ouser',
      'destination',
      'dialed_number',
    ],
  ],
  [
    'route',
    [
      'route',
      'carrier',
      'trunk',
      'gateway',
      'gw',
      'sip_gateway_name',
      'gateway_name',
      'trunk_name',
      'carrier_name',
      'connection',
      'connection_id',
      'connection_name',
      'provider',
      'trunk_sid',
      'outbound_route',
      'network',
    ],
  ],
  [
    'sipCode',
    [
      'sip_code',
      'sip_response_code',
      'sipresponsecode',
      'last_sip_response_num',
      'sip_result_code',
      'sip_status',
      'sip_status_code',
      'sip_term_status',
      'final_sip_code',
      'sip_response',
      'response_code',
      'sip_hangup_cause',
      'dial_sip_response_code',
      'code',
    ],
  ],
  [
    'sipReason',
    [
      'sip_reason',
      'sip_reason_phrase',
      'reason_phrase',
      'sip_response_description',
      'sip_invite_result_phrase',
      'sip_term_phrase',
      'sip_phrase',
      'reason',
    ],
  ],
  ['q850', ['q850_cause', 'q850', 'hangup_cause_q850', 'q850_code', 'sip_term_cause', 'hangup_cause_id', 'cause_code']],
  [
    'answered',
    [
      'answer_time',
      'answertime',
      'answer_stamp',
      'answer_epoch',
      'time_answered',
      'answered_time',
      'answer_date',
      'connect_time',
      'datetimeconnect',
    ],
  ],
  [
    'duration',
    ['duration', 'duration_s', 'duration_sec', 'duration_seconds', 'call_duration', 'billsec', 'bill_duration'],
  ],
  ['durationMs', ['duration_ms']],
  ['campaign', ['campaign', 'campaign_id', 'campaign_name']],
  [
    'attestation',
    [
      'attestation',
      'shaken_stir_attestation',
      'stir_attestation',
      'attestation_indicator',
      'attest',
      'stir_shaken_attestation',
      'verstat_attestation',
    ],
  ],
  ['reasonHeader', ['reason_header', 'sip_reason_header', 'reason_hdr', 'sip_h_reason', 'sip_603plus_reason']],
  ['callInfo', ['call_info', 'sip_call_info', 'call_info_header']],
  ['hangupSource', ['hangup_source', 'hangup_by', 'disconnected_by', 'hangup_direction']],
  ['pddMs', ['pdd_ms', 'pdd', 'post_dial_delay']],
  ['progressCode', ['progress_code', 'early_code']],
  ['status', ['call_status', 'status', 'disposition', 'dial_call_status', 'hangup_cause', 'cause']],
  ['method', ['method', 'sip_method']],
];

/** normKey(alias) -> [field, priority]. */
const LOOKUP = new Map<string, readonly [Field, number]>();
for (const [field, names] of ALIASES) {
  names.forEach((n, i) => {
    const k = normKey(n);
    if (!LOOKUP.has(k)) LOOKUP.set(k, [field, i]);
  });
}

export function fieldFor(key: string): readonly [Field, number] | undefined {
  return LOOKUP.get(normKey(key));
}

/** For a header row: which column feeds each field (the best-ranked alias present). */
export type ColumnPlan = Array<readonly [Field, number]>;

/** `--map caller=ANI,callee=Dialed`: which column feeds a field, whatever the aliases say. */
export type FieldMap = ReadonlyMap<Field, string>;

export function planColumns(header: readonly string[], map?: FieldMap): ColumnPlan {
  const best = new Map<Field, { col: number; rank: number }>();
  header.forEach((h, col) => {
    const f = fieldFor(h);
    if (!f) return;
    const cur = best.get(f[0]);
    if (!cur || f[1] < cur.rank) best.set(f[0], { col, rank: f[1] });
  });
  if (map) {
    const norm = header.map(normKey);
    for (const [field, column] of map) {
      const col = norm.indexOf(normKey(column));
      if (col >= 0) best.set(field, { col, rank: -1 });
    }
  }
  return [...best.entries()].map(([field, { col }]) => [field, col] as const);
}

/** Canonical field names (and `--map`) to RawCall fields. */
export const CANONICAL_FIELDS: Readonly<Record<string, Field>> = {
  call_id: 'callId',
  start_time: 'start',
  caller: 'caller',
  callee: 'callee',
  route: 'route',
  sip_code: 'sipCode',
  sip_reason: 'sipReason',
  q850_cause: 'q850',
  duration: 'duration',
  campaign: 'campaign',
  status: 'status',
  attestation: 'attestation',
  answer_time: 'answered',
  reason: 'sipReason',
  reason_header: 'reasonHeader',
  call_info: 'callInfo',
};

/** `--map caller=8,callee=9`: 1-based column numbers, for a file without a header row. */
export function isPositionalMap(map: FieldMap | undefined): boolean {
  return !!map && map.size > 0 && [...map.values()].every((c) => /^\d+$/.test(c) && Number(c) >= 1);
}

/** Applies `--map` to a flat object record's RawCall. */
export function applyMap(raw: RawCall, obj: Readonly<Record<string, unknown>>, map: FieldMap): void {
  const byNorm = new Map(Object.keys(obj).map((k) => [normKey(k), k]));
  for (const [field, column] of map) {
    const key = byNorm.get(normKey(column));
    const v = key === undefined ? undefined : obj[key];
    if (typeof v === 'string' || typeof v === 'number') raw[field] = v;
  }
}

export function planHas(plan: ColumnPlan, field: Field): boolean {
  return plan.some(([f]) => f === field);
}

/** A row of a CSV with a planned header, as RawCall. */
export function rawFromRow(plan: ColumnPlan, row: readonly string[]): RawCall {
  const raw: RawCall = {};
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i]!;
    raw[p[0]] = row[p[1]];
  }
  return raw;
}

/** A flat object (a JSON record, callback parameters) as RawCall, by the same aliases. */
export function rawFromObject(obj: Readonly<Record<string, unknown>>): RawCall {
  const raw: RawCall = {};
  const rank: Partial<Record<Field, number>> = {};
  for (const key of Object.keys(obj)) {
    const f = fieldFor(key);
    if (!f) continue;
    const v = obj[key];
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const r = rank[f[0]];
    if (r !== undefined && r <= f[1]) continue;
    rank[f[0]] = f[1];
    raw[f[0]] = v as Scalar;
  }
  return raw;
}
