import type { Reply } from '../../reply.js';
import { fitReply } from '../shared/fit.js';
import { renderSlack, SLACK_LIMITS } from './render.js';

/** Counting only: the real ids are made when the reply is sent. */
const countingId = (): string => '~0';

/** One answer within the messages a response_url takes; the rest of it as an attached file. */
export function fitSlack(reply: Reply): Reply {
  return fitReply(reply, SLACK_LIMITS.messagesPerAnswer, (r) => renderSlack(r, countingId).length);
}
