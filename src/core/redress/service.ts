import type { CommandEnv, Ctx } from '../../context.js';
import { UserError } from '../../errors.js';
import type { Reply } from '../../reply.js';
import { numberCampaigns, refusedSample } from '../../store/number-health.js';
import {
  createRedress,
  getProfile,
  getRedress,
  listRedress,
  markRedress,
  REDRESS_STATUSES,
  saveProfile,
  type RedressRow,
  type RedressStatus,
} from '../../store/redress.js';
import { loadHealth } from '../number/service.js';
import { ENGINES, isEngine, type EngineId } from './engines.js';
import { callPurpose } from './purposes.js';
import { redressCreatedReply } from './render.js';
import type { Packet, PacketInput } from './types.js';

const DAY = 86_400_000;

/** The packet's input: the number's last `days` days and the business profile. */
export function packetInput(
  ctx: Ctx,
  number: string,
  days = 30,
): { input: PacketInput; health: ReturnType<typeof loadHealth> } {
  const h = loadHealth(ctx, number, days);
  const profile = getProfile(ctx.db);
  const input: PacketInput = {
    number,
    profile,
    days,
    calls: h.calls,
    blocked: h.blocked,
    callsPerDay: h.calls / Math.max(1, h.days.filter((d) => d.calls > 0).length),
    routes: h.routes
      .filter((r) => r.blocked > 0)
      .map((r) => ({ route: r.route, provider: r.provider, calls: r.calls, blocked: r.blocked })),
    campaigns: numberCampaigns(ctx.db, number, h.fromMs, h.toMs).map((c) => ({
      ...c,
      purpose: callPurpose(profile.purposes[c.campaign] ?? profile.purposes['*']),
    })),
    samples: refusedSample(ctx.db, number, h.toMs - 14 * DAY, h.toMs, 25),
    contacts: h.contacts,
    attestation: h.attestation,
  };
  return { input, health: h };
}

export function engineOf(raw: string | undefined): EngineId {
  const e = (raw ?? '').trim().toLowerCase();
  if (!isEngine(e))
    throw new UserError('redress.bad_engine', `"${raw ?? ''}" is not an engine.`, [
      `Engines: ${Object.keys(ENGINES).join(', ')}.`,
    ]);
  return e;
}

/** Builds a packet without recording anything (the CLI's --out and the form's preview). */
export function preparePacket(ctx: Ctx, number: string, engine: EngineId): Packet {
  return ENGINES[engine].build(packetInput(ctx, number).input);
}

/** Records a draft request with its packet: sipbot never submits it; a person does, then marks it. */
export function createRequest(env: CommandEnv, number: string, engine: EngineId): { row: RedressRow; packet: Packet } {
  const packet = preparePacket(env.ctx, number, engine);
  const inv = env.invoker;
  const chat = inv.platform !== 'cli' && inv.platform !== 'http';
  const row = createRedress(
    env.ctx.db,
    {
      number,
      engine,
      packet: packet.text,
      createdBy: inv.userName ?? inv.userId,
      platform: chat ? inv.platform : null,
      channelId: chat ? inv.channelId : null,
      threadId: chat ? (inv.threadId ?? null) : null,
    },
    env.ctx.clock.now().getTime(),
  );
  env.ctx.log.info({ redress: row.id, number, engine }, 'redress request prepared');
  return { row, packet };
}

/** A form's or the CLI's business fields, saved once for every later request. */
export function saveProfileFields(ctx: Ctx, values: Record<string, string | undefined>): void {
  const v = (k: string): string | undefined => {
    const s = values[k]?.trim();
    return s ? s : undefined;
  };
  const patch: Parameters<typeof saveProfile>[1] = {};
  const set = <K extends keyof typeof patch>(k: K, x: (typeof patch)[K] | undefined): void => {
    if (x !== undefined) patch[k] = x;
  };
  set('name', v('business'));
  set('address', v('address'));
  set('url', v('url'));
  set('cnam', v('cnam'));
  set('contactName', v('contact_name'));
  set('contactEmail', v('contact_email'));
  set('contactPhone', v('contact_phone'));
  // "Jane Roe, jane@acme.example, +12125550100" in one field: split by what each part looks like.
  const contact = v('contact');
  if (contact) {
    for (const part of contact
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (part.includes('@')) patch.contactEmail = part;
      else if (/^\+?[\d\s().-]{7,}$/.test(part)) patch.contactPhone = part;
      else patch.contactName = part;
    }
  }
  if (Object.keys(patch).length) saveProfile(ctx.db, patch, ctx.clock.now().getTime());
}

/** Sets a campaign's call purpose (First Orion's list) or a route's provider in the profile. */
export function setProfileMapping(ctx: Ctx, kind: 'purpose' | 'provider', key: string, value: string): string {
  const p = getProfile(ctx.db);
  if (kind === 'purpose') {
    const purpose = callPurpose(value);
    if (!purpose)
      throw new UserError('redress.bad_purpose', `"${value}" is not a First Orion call purpose.`, [
        'Charity, Customer Service, Debt Collection, Informational/Notification, Multi-Use Line, Political, Prison, Survey, Telemarketing, Do Not Originate.',
      ]);
    saveProfile(ctx.db, { purposes: { ...p.purposes, [key]: purpose } }, ctx.clock.now().getTime());
    return `Campaign ${key}: ${purpose}.`;
  }
  saveProfile(ctx.db, { providers: { ...p.providers, [key]: value } }, ctx.clock.now().getTime());
  return `Route ${key}: provider ${value}.`;
}

export function statusOf(raw: string | undefined): Exclude<RedressStatus, 'draft'> {
  const s = (raw ?? '').trim().toLowerCase();
  if (s === 'draft' || !(REDRESS_STATUSES as readonly string[]).includes(s)) {
    throw new UserError('redress.bad_status', `"${raw ?? ''}" is not a status to mark.`, [
      'submitted, resolved or rejected.',
    ]);
  }
  return s as Exclude<RedressStatus, 'draft'>;
}

/** A person's mark: submitted (with the party's reference), resolved or rejected. */
export function markRequest(
  ctx: Ctx,
  idRaw: string | undefined,
  status: Exclude<RedressStatus, 'draft'>,
  reference: string | null,
): RedressRow {
  const id = Number((idRaw ?? '').replace(/^#/, ''));
  const row = Number.isInteger(id) && id > 0 ? getRedress(ctx.db, id) : undefined;
  if (!row)
    throw new UserError('redress.unknown', `Redress request #${idRaw ?? ''} does not exist.`, [
      '`sipbot redress list` shows them.',
    ]);
  const next = markRedress(ctx.db, id, status, reference, ctx.clock.now().getTime())!;
  ctx.log.info({ redress: id, status, reference }, 'redress request marked');
  return next;
}

export { getRedress, listRedress, redressCreatedReply };

/** The reply after the form: the packet to submit by hand, and the buttons to mark it. */
export function requestReply(row: RedressRow, packet: Packet): Reply {
  return redressCreatedReply(row, packet);
}
