import { parseNumber } from '../src/core/number/service.js';
import { ENGINES, type EngineId } from '../src/core/redress/engines.js';
import { callPurpose } from '../src/core/redress/purposes.js';
import {
  listLines,
  markedReply,
  profileModal,
  redressModal,
  referenceModal,
  whomToAskReply,
} from '../src/core/redress/render.js';
import {
  createRequest,
  engineOf,
  getRedress,
  listRedress,
  markRequest,
  packetInput,
  requestReply,
  saveProfileFields,
  setProfileMapping,
  statusOf,
} from '../src/core/redress/service.js';
import type { CommandEnv } from '../src/context.js';
import { UserError } from '../src/errors.js';
import type { Reply } from '../src/reply.js';
import { numberCampaigns } from '../src/store/number-health.js';
import { getProfile, saveProfile } from '../src/store/redress.js';
import type { ActionDef, CommandDef, ModalDef } from './types.js';

/** The form for a number and engine, pre-filled from its calls and the business profile. */
function openForm(env: CommandEnv, number: string, engine: EngineId): Reply {
  // Cheap on purpose: a form must open within the platform's first answer (Discord cannot open a
  // modal after deferring), so only the profile and the number's campaigns are read here.
  const profile = getProfile(env.ctx.db);
  const now = env.ctx.clock.now().getTime();
  const campaigns = numberCampaigns(env.ctx.db, number, now - 30 * 86_400_000, now);
  const purpose =
    campaigns.map((c) => callPurpose(profile.purposes[c.campaign] ?? profile.purposes['*'])).find((p) => p) ?? null;
  return {
    title: `Redress request for ${number}`,
    blocks: [{ kind: 'text', text: `Asking ${ENGINES[engine].label}: ${ENGINES[engine].asks}.` }],
    modal: redressModal(number, engine, profile, purpose),
    ephemeral: true,
  };
}

function run(text: string, env: CommandEnv): Reply {
  const { ctx } = env;
  const [verb = '', ...rest] = text.trim().split(/\s+/);
  const v = verb.toLowerCase();
  if (v === 'list') {
    const rows = listRedress(ctx.db, { limit: 30 });
    return {
      title: 'Redress requests',
      tone: 'info',
      blocks: [
        { kind: 'list', items: rows.length ? listLines(rows) : ['None yet: `/sip redress +1...` prepares one.'] },
      ],
      ephemeral: true,
    };
  }
  if (v === 'mark') {
    const [id, status, ...ref] = rest;
    return markedReply(markRequest(ctx, id, statusOf(status), ref.join(' ') || null));
  }
  if (v === 'profile') {
    const [kind, key, ...value] = rest;
    if ((kind === 'purpose' || kind === 'provider') && key && value.length) {
      return {
        title: 'Business profile',
        tone: 'ok',
        blocks: [{ kind: 'text', text: setProfileMapping(ctx, kind, key, value.join(' ')) }],
        ephemeral: true,
      };
    }
    if (kind)
      throw new UserError(
        'redress.bad_profile',
        'Use `/sip redress profile`, `/sip redress profile purpose CAMPAIGN PURPOSE` or `/sip redress profile provider ROUTE NAME`.',
      );
    return {
      title: 'Business profile',
      blocks: [{ kind: 'text', text: 'Kept once; every redress request is filled from it.' }],
      modal: profileModal(getProfile(ctx.db)),
      ephemeral: true,
    };
  }
  // `+1...` or `+1... ENGINE`: the engine given, else whom the data says to ask.
  const engineWord =
    rest.length && rest.at(-1) && Object.keys(ENGINES).includes(rest.at(-1)!.toLowerCase()) ? rest.pop() : undefined;
  const number = parseNumber([verb, ...rest].join(' '), ctx.config.defaultCountry, 'redress');
  if (engineWord) return openForm(env, number, engineOf(engineWord));
  const { health } = packetInput(ctx, number);
  return whomToAskReply(number, health.engines);
}

/** `/sip redress +1...`: a pre-filled redress request per engine; `list`, `mark`, `profile`. */
export const command: CommandDef = {
  name: 'redress',
  summary: 'Get a blocked number reviewed: whom to ask, a pre-filled request, did it work',
  usage: '/sip redress <caller number> [engine] | list | mark <id> submitted|resolved|rejected [ref] | profile',
  examples: [
    '/sip redress +12125550123',
    '/sip redress +12125550123 first-orion',
    '/sip redress mark 3 submitted FCR-1234',
    '/sip redress profile purpose reminders Informational/Notification',
  ],
  options: [
    {
      name: 'text',
      description: 'A caller number [engine], or list / mark / profile',
      type: 'string',
      required: true,
      rest: true,
    },
  ],
  // Not `slow`: `/sip redress +1... ENGINE` and `profile` answer with a form, which must be the first answer.
  parse: (text) => ({ text }),
  run: (args, env) => run(args.text ?? '', env),
};

export const actions: ActionDef[] = [
  {
    action: 'redress.open',
    run(value, env) {
      const [number = '', engine] = value.split('|');
      return openForm(env, parseNumber(number, env.ctx.config.defaultCountry, 'redress'), engineOf(engine));
    },
  },
  {
    action: 'redress.mark',
    run(value, env) {
      const [id = '', status] = value.split('|');
      const s = statusOf(status);
      const row = getRedress(env.ctx.db, Number(id));
      if (!row) throw new UserError('redress.unknown', `Redress request #${id} does not exist.`);
      // Submitted asks for the party's reference first; the others need nothing more.
      if (s === 'submitted')
        return { title: `Redress #${row.id} submitted`, blocks: [], modal: referenceModal(row), ephemeral: true };
      return markedReply(markRequest(env.ctx, id, s, null));
    },
  },
];

export const modals: ModalDef[] = [
  {
    action: 'redress.submit',
    run(number, values, env) {
      const engine = engineOf(values.engine);
      saveProfileFields(env.ctx, values);
      const purpose = callPurpose(values.purpose);
      if (purpose) {
        // The purpose chosen applies to the number's busiest campaign (or to every campaign when it has none).
        const { input } = packetInput(env.ctx, number);
        const campaign = input.campaigns[0]?.campaign ?? '*';
        saveProfile(
          env.ctx.db,
          { purposes: { ...getProfile(env.ctx.db).purposes, [campaign]: purpose } },
          env.ctx.clock.now().getTime(),
        );
      }
      const { row, packet } = createRequest(env, number, engine);
      return requestReply(row, packet);
    },
  },
  {
    action: 'redress.marked',
    run(pv, values, env) {
      const [id = '', status] = pv.split('|');
      return markedReply(markRequest(env.ctx, id, statusOf(status), values.reference?.trim() || null));
    },
  },
  {
    action: 'redress.profile',
    run(_pv, values, env) {
      saveProfileFields(env.ctx, values);
      return {
        title: 'Business profile saved',
        tone: 'ok',
        blocks: [{ kind: 'text', text: 'Every redress request is filled from it from now on.' }],
        ephemeral: true,
      };
    },
  },
];
