// @ts-check
/**
 * A request as node:http hands it to a server's listener, and the response it writes, without a
 * socket: what the interleaved A/B scripts (ab-written.js, ab-writes.js) drive the lean path with.
 */
import { EventEmitter } from 'node:events';

/** A POST to /graphql whose body is emitted as one chunk once the listener reads it. */
export class NodeRequest extends EventEmitter {
  /** @param {string} body */
  constructor(body) {
    super();
    this.method = 'POST';
    this.url = '/graphql';
    this.headers = { host: 'bench.local', 'content-type': 'application/json', accept: 'application/json' };
    this.socket = { destroyed: false };
    this.body = Buffer.from(body);
  }
  /** @param {string} event @param {(...args: any[]) => void} listener */
  on(event, listener) {
    super.on(event, listener);
    if (event === 'data')
      queueMicrotask(() => {
        this.emit('data', this.body);
        this.emit('end');
      });
    return this;
  }
}
/** What the listener writes; `done` resolves to the body it ended with (a string as UTF-8 bytes). */
export class NodeResponse extends EventEmitter {
  constructor() {
    super();
    this.headersSent = false;
    /** @type {(v: string | Buffer) => void} */
    let done = () => {};
    /** @type {Promise<string | Buffer>} */
    this.done = new Promise((resolve) => (done = resolve));
    this.finish = done;
  }
  setHeader() {}
  writeHead() {
    this.headersSent = true;
    return this;
  }
  /** @param {string | Buffer} body */
  end(body) {
    // As a socket write does: a string is encoded to UTF-8 first.
    this.finish(typeof body === 'string' ? Buffer.from(body) : body);
  }
}
