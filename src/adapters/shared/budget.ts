/**
 * Waits for `p` at most `ms`. Platforms want an answer within 3 s: a command that is done in
 * time is answered directly; one that is not gets an acknowledgement first and its answer later.
 */
export async function withinBudget<T>(p: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((r) => {
    timer = setTimeout(() => r({ done: false }), ms);
  });
  try {
    return await Promise.race([p.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Time left for the command itself before the 3 s deadline, leaving room for the network. */
export const ACK_BUDGET_MS = 2000;
