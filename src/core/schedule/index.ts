export { DigestScheduler, type PostedDigest, type SchedulerOptions } from './scheduler.js';
export { dueInstant, parseLocalTime } from './due.js';
