import { Readable } from 'node:stream';
import { fromWire, type WireError } from './protocol.js';

/**
 * The body of an API upload inside a thread: chunks arrive as messages, one at a time, each
 * asked for (`pull`) only when the parser wants more. At most one chunk is in flight, so a
 * 50 MB upload never sits in memory whole, and a slow parser slows the sender, not the heap.
 */
export class IngestFeed {
  private readonly readable: Readable;

  constructor(pull: () => void) {
    this.readable = new Readable({ read: () => pull() });
  }

  stream(): Readable {
    return this.readable;
  }

  push(chunk: Uint8Array): void {
    this.readable.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  end(): void {
    this.readable.push(null);
  }

  abort(error: WireError): void {
    this.readable.destroy(fromWire(error));
  }
}
