/**
 * Turn-taking for the event loop. Node hands a poll phase every request that arrived together
 * (200 Slack commands at once, or 200 answers from a database thread) and runs each one's
 * synchronous work back to back, so a /healthz probe or a webhook that arrives meanwhile waits
 * for the whole batch. Work that awaits `nextTurn()` runs one piece per loop iteration, in
 * arrival order, with a poll phase between pieces: nothing else waits for more than one piece.
 * The total work is the same; only its order changes.
 */
const waiting: Array<() => void> = [];
let pumping = false;

function pump(): void {
  // Resolving here runs the waiter's continuation in this callback's microtask drain; the next
  // waiter gets the next iteration (an immediate queued from an immediate runs one loop later).
  waiting.shift()?.();
  if (waiting.length) setImmediate(pump);
  else pumping = false;
}

/** Resolves on a later turn of the event loop, after every earlier waiter had its own turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}
