/**
 * Escalations to expert review. The composition root starts one worker beside the chat
 * platforms, with their posters and (for Slack user groups in SIPBOT_EXPERTS) a resolver:
 *
 *   const worker = new EscalationWorker(ctx, services.posters, { groupMembers: slackGroupMembers });
 *   worker.start();            // ticks every 5 s: reminders, expert groups, outbox deliveries
 *   ...; await worker.stop();
 */
export { EscalationWorker, type TickReport, type WorkerOptions } from './worker.js';
export { isExpert, type GroupMembersResolver } from './experts.js';
export { buildBundle, bundleCsv, bundleFiles, type Bundle } from './bundle.js';
export { signWebhook, backoffMs } from './webhook.js';
