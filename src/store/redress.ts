import type { Db } from './db.js';

export const REDRESS_STATUSES = ['draft', 'submitted', 'resolved', 'rejected'] as const;
export type RedressStatus = (typeof REDRESS_STATUSES)[number];

export interface RedressRow {
  id: number;
  number: string;
  engine: string;
  status: RedressStatus;
  reference: string | null;
  packet: string;
  createdMs: number;
  submittedMs: number | null;
  closedMs: number | null;
  createdBy: string | null;
  platform: string | null;
  channelId: string | null;
  threadId: string | null;
  escalationId: number | null;
}

const SELECT = `SELECT id, number, engine, status, reference, packet, created_ms AS createdMs, submitted_ms AS submittedMs,
  closed_ms AS closedMs, created_by AS createdBy, platform, channel_id AS channelId, thread_id AS threadId,
  escalation_id AS escalationId FROM redress_requests`;

export type NewRedress = Pick<
  RedressRow,
  'number' | 'engine' | 'packet' | 'createdBy' | 'platform' | 'channelId' | 'threadId'
>;

export function createRedress(db: Db, r: NewRedress, nowMs: number): RedressRow {
  const id = db
    .prepare(
      'INSERT INTO redress_requests (number, engine, packet, created_ms, created_by, platform, channel_id, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(r.number, r.engine, r.packet, nowMs, r.createdBy, r.platform, r.channelId, r.threadId).lastInsertRowid;
  return getRedress(db, Number(id))!;
}

export function getRedress(db: Db, id: number): RedressRow | undefined {
  return db.prepare(`${SELECT} WHERE id = ?`).get(id) as RedressRow | undefined;
}

export function listRedress(db: Db, opts: { number?: string; limit?: number } = {}): RedressRow[] {
  const where = opts.number !== undefined ? 'WHERE number = ?' : '';
  const params: unknown[] = opts.number !== undefined ? [opts.number] : [];
  return db.prepare(`${SELECT} ${where} ORDER BY id DESC LIMIT ?`).all(...params, opts.limit ?? 100) as RedressRow[];
}

/**
 * A person's mark. `submitted` sets the submission time the before/after checks count from (the
 * first time only); `resolved` / `rejected` close it. Returns the row as it now stands.
 */
export function markRedress(
  db: Db,
  id: number,
  status: Exclude<RedressStatus, 'draft'>,
  reference: string | null,
  nowMs: number,
): RedressRow | undefined {
  db.prepare(
    `UPDATE redress_requests SET status = ?, reference = coalesce(?, reference),
       submitted_ms = CASE WHEN ? = 'submitted' THEN coalesce(submitted_ms, ?) ELSE coalesce(submitted_ms, ?) END,
       closed_ms = CASE WHEN ? IN ('resolved', 'rejected') THEN ? ELSE NULL END
     WHERE id = ?`,
  ).run(status, reference, status, nowMs, nowMs, status, nowMs, id);
  return getRedress(db, id);
}

/** Where a request's follow-ups go: the thread its first follow-up opened, when it had none. */
export function setRedressThread(db: Db, id: number, threadId: string): void {
  db.prepare('UPDATE redress_requests SET thread_id = coalesce(thread_id, ?) WHERE id = ?').run(threadId, id);
}

export function setRedressEscalation(db: Db, id: number, escalationId: number): void {
  db.prepare('UPDATE redress_requests SET escalation_id = ? WHERE id = ?').run(escalationId, id);
}

/** Submitted requests (not closed) whose next check is due: submitted at least `minDays` ago. */
export function submittedRedress(db: Db, beforeMs: number): RedressRow[] {
  return db
    .prepare(
      `${SELECT} WHERE submitted_ms IS NOT NULL AND submitted_ms <= ? AND status IN ('submitted', 'resolved', 'rejected') ORDER BY id`,
    )
    .all(beforeMs) as RedressRow[];
}

export interface RedressCheck {
  requestId: number;
  afterDays: number;
  checkedMs: number;
  resultJson: string;
  postedMs: number | null;
}

export function listChecks(db: Db, requestId: number): RedressCheck[] {
  return db
    .prepare(
      'SELECT request_id AS requestId, after_days AS afterDays, checked_ms AS checkedMs, result_json AS resultJson, posted_ms AS postedMs FROM redress_checks WHERE request_id = ? ORDER BY after_days',
    )
    .all(requestId) as RedressCheck[];
}

/** Claims one check (3, 7 or 14 days) of a request: false when it was made already (another process, a restart). */
export function claimCheck(db: Db, requestId: number, afterDays: number, resultJson: string, nowMs: number): boolean {
  return (
    db
      .prepare(
        'INSERT OR IGNORE INTO redress_checks (request_id, after_days, checked_ms, result_json) VALUES (?, ?, ?, ?)',
      )
      .run(requestId, afterDays, nowMs, resultJson).changes === 1
  );
}

export function markCheckPosted(db: Db, requestId: number, afterDays: number, nowMs: number): void {
  db.prepare('UPDATE redress_checks SET posted_ms = ? WHERE request_id = ? AND after_days = ?').run(
    nowMs,
    requestId,
    afterDays,
  );
}

/** Checks claimed but never posted (the post failed): posted again on the next tick. */
export function unpostedChecks(db: Db): RedressCheck[] {
  return db
    .prepare(
      'SELECT request_id AS requestId, after_days AS afterDays, checked_ms AS checkedMs, result_json AS resultJson, posted_ms AS postedMs FROM redress_checks WHERE posted_ms IS NULL ORDER BY request_id, after_days',
    )
    .all() as RedressCheck[];
}

export interface BusinessProfile {
  name: string | null;
  address: string | null;
  url: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  cnam: string | null;
  /** campaign -> call purpose */
  purposes: Record<string, string>;
  /** route -> voice provider */
  providers: Record<string, string>;
}

export const EMPTY_PROFILE: BusinessProfile = {
  name: null,
  address: null,
  url: null,
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  cnam: null,
  purposes: {},
  providers: {},
};

export function getProfile(db: Db): BusinessProfile {
  const r = db
    .prepare(
      'SELECT name, address, url, contact_name AS contactName, contact_email AS contactEmail, contact_phone AS contactPhone, cnam, purposes_json, providers_json FROM business_profile WHERE id = 1',
    )
    .get() as
    (Omit<BusinessProfile, 'purposes' | 'providers'> & { purposes_json: string; providers_json: string }) | undefined;
  if (!r) return { ...EMPTY_PROFILE };
  const { purposes_json, providers_json, ...rest } = r;
  return {
    ...rest,
    purposes: JSON.parse(purposes_json) as Record<string, string>,
    providers: JSON.parse(providers_json) as Record<string, string>,
  };
}

/** Saves the fields given; the others keep their values. */
export function saveProfile(db: Db, p: Partial<BusinessProfile>, nowMs: number): BusinessProfile {
  const next = { ...getProfile(db), ...p };
  db.prepare(
    `INSERT INTO business_profile (id, name, address, url, contact_name, contact_email, contact_phone, cnam, purposes_json, providers_json, updated_ms)
     VALUES (1, @name, @address, @url, @contactName, @contactEmail, @contactPhone, @cnam, @purposes, @providers, @now)
     ON CONFLICT (id) DO UPDATE SET name = @name, address = @address, url = @url, contact_name = @contactName, contact_email = @contactEmail,
       contact_phone = @contactPhone, cnam = @cnam, purposes_json = @purposes, providers_json = @providers, updated_ms = @now`,
  ).run({ ...next, purposes: JSON.stringify(next.purposes), providers: JSON.stringify(next.providers), now: nowMs });
  return next;
}
