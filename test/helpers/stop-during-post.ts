import type { Poster } from '../../src/post.js';

/**
 * Starts `tick`, holds its first post, calls `stop` and then lets the post go on. Returns the
 * order of what happened: `['posted', 'stopped']` when stop() waits for the pass in flight. A
 * stop() that does not wait resolves first (its callback is queued before the post's), so the
 * order says so without waiting any time.
 */
export async function stopDuringPost(
  poster: Poster,
  tick: () => Promise<unknown>,
  stop: () => Promise<void>,
): Promise<string[]> {
  const order: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const posting = new Promise<void>((r) => (entered = r));
  const post = poster.post.bind(poster);
  poster.post = async (target, reply) => {
    entered();
    await held;
    order.push('posted');
    return post(target, reply);
  };
  const ticked = tick();
  await posting;
  const stopped = stop().then(() => void order.push('stopped'));
  release();
  await Promise.all([ticked, stopped]);
  return order;
}
