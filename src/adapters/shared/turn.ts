/**
 * Turn-taking for the event loop. Node hands a poll phase every request that arrived together
 * (200 Slack commands at once, or 200 answers from a database thread) and runs each one's
 * synchronous work back to back, so a /healthz probe or a webhook that arrives meanwhile waits
 * for the whole batch. Work that awaits `nextTurn()` runs one piece per loop iteration, with a
 * poll phase between pieces: nothing else waits for more than one piece. The total work is the
 * same; only its order changes.
 *
 * Three queues, served in this order: `resume` (a request on its way to its ack: finishing what
 * was started keeps acks inside the platform's 3 s), `start` (a new request), `later` (command
 * work and answers after the ack, which have no deadline). Each queue is first in, first out.
 * So that a steady stream of commands cannot starve the answers, once the oldest `later` waiter
 * has waited LATER_AFTER_MS, every eighth turn goes to it.
 */
export type TurnQueue = 'resume' | 'start' | 'later';

interface Waiter {
  resolve: () => void;
  at: number;
}

const queues: Record<TurnQueue, Waiter[]> = { resume: [], start: [], later: [] };
const ORDER: readonly TurnQueue[] = ['resume', 'start', 'later'];
const LATER_FIRST: readonly TurnQueue[] = ['later', 'resume', 'start'];
const LATER_EVERY = 8;
const LATER_AFTER_MS = 1000;
let pumping = false;
let turns = 0;

function pending(): boolean {
  return ORDER.some((q) => queues[q].length > 0);
}

function pump(): void {
  turns++;
  const oldest = queues.later[0];
  const starved = oldest !== undefined && turns % LATER_EVERY === 0 && performance.now() - oldest.at >= LATER_AFTER_MS;
  // Resolving here runs the waiter's continuation in this callback's microtask drain; the next
  // waiter gets the next iteration (an immediate queued from an immediate runs one loop later).
  for (const q of starved ? LATER_FIRST : ORDER) {
    const next = queues[q].shift();
    if (next) {
      next.resolve();
      break;
    }
  }
  if (pending()) setImmediate(pump);
  else pumping = false;
}

/** Resolves on a later turn of the event loop, after the waiters ahead of it in its queue and the queues before it. */
export function nextTurn(queue: TurnQueue = 'start'): Promise<void> {
  return new Promise((resolve) => {
    queues[queue].push({ resolve, at: performance.now() });
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}
