import { statusReply } from '../src/core/status/status-reply.js';
import { describe, nextPost } from './digest.js';
import type { CommandDef } from './types.js';

/** `/sip status`: today's findings, open escalations, this channel's digest, routes over the week. */
export const command: CommandDef = {
  name: 'status',
  aliases: ['overview'],
  summary: "The overview: today's findings, open escalations, this channel's digest, routes over 7 days",
  usage: '/sip status',
  examples: ['/sip status'],
  options: [],
  slow: true,
  run(_args, env) {
    return statusReply({ ...env, describeSubscription: (s, now) => `${describe(s)}; next ${nextPost(s, now)}` });
  },
};
