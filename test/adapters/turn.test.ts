import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nextTurn } from '../../src/adapters/shared/turn.js';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/**
 * 100 pieces of 3 ms of synchronous work, started together, and one HTTP request sent just
 * before them: how many pieces had run when the server saw the request.
 */
async function piecesBeforeRequest(schedule: (piece: () => void) => Promise<void>): Promise<number> {
  let done = 0;
  let seenAt = -1;
  const server = createServer((_req, res) => {
    seenAt = done;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const answered = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`).then((r) => r.text());
    await Promise.all(
      Array.from({ length: 100 }, () =>
        schedule(() => {
          busy(3);
          done++;
        }),
      ),
    );
    expect(await answered).toBe('ok');
    return seenAt;
  } finally {
    server.close();
  }
}

describe('nextTurn', () => {
  it('lets a request in between pieces of a burst instead of after the whole burst', async () => {
    // The control: pieces started from one callback run back to back, the request waits for all.
    const batched = await piecesBeforeRequest(async (piece) => {
      await Promise.resolve();
      piece();
    });
    expect(batched).toBe(100);
    const taken = await piecesBeforeRequest(async (piece) => {
      await nextTurn();
      piece();
    });
    // Connecting and sending take a few loop iterations; each lets at most one piece run first.
    expect(taken).toBeLessThan(20);
  });

  it('keeps arrival order within a queue', async () => {
    const order: number[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => nextTurn().then(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('serves requests on their way to an ack first, then new requests, then answers after the ack', async () => {
    const order: string[] = [];
    const waits = [
      ...Array.from({ length: 6 }, (_, i) => nextTurn('later').then(() => order.push(`later${i}`))),
      ...Array.from({ length: 20 }, (_, i) => nextTurn('start').then(() => order.push(`start${i}`))),
      ...Array.from({ length: 3 }, (_, i) => nextTurn('resume').then(() => order.push(`resume${i}`))),
    ];
    await Promise.all(waits);
    expect(order).toEqual([
      'resume0',
      'resume1',
      'resume2',
      ...Array.from({ length: 20 }, (_, i) => `start${i}`),
      ...Array.from({ length: 6 }, (_, i) => `later${i}`),
    ]);
  });

  it('gives an answer that has waited a second a turn even while new requests keep coming', async () => {
    const order: string[] = [];
    const later = nextTurn('later').then(() => order.push('later'));
    const more: Array<Promise<number>> = [];
    const first = nextTurn('start').then(() => {
      // A second of work on the loop, then a stream of new requests.
      busy(1100);
      order.push('start0');
      for (let i = 1; i <= 40; i++) more.push(nextTurn('start').then(() => order.push(`start${i}`)));
    });
    await first;
    await Promise.all([later, ...more]);
    const at = order.indexOf('later');
    expect(at).toBeGreaterThan(0);
    // Within eight turns of its second, not after the forty.
    expect(at).toBeLessThanOrEqual(9);
  });
});
