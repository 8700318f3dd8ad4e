import type { Reply } from '../../reply.js';
import { fitReply } from '../shared/fit.js';
import { DISCORD_LIMITS, renderDiscord } from './render.js';

/** Counting only: the real ids are made when the reply is sent. */
const countingId = (): string => '~0';

/** One answer within a reply and its follow-ups; the rest of it as an attached file. */
export function fitDiscord(reply: Reply): Reply {
  return fitReply(reply, DISCORD_LIMITS.messagesPerAnswer, (r) => renderDiscord(r, countingId).length);
}
