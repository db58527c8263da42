/**
 * A node HTTP server that stops gracefully (SPEC §6: SIGTERM stops accepting, finishes the requests
 * in flight, then exits). `stop` closes the listening socket, lets every request already received
 * finish (its connection then closes instead of waiting for another request), closes idle
 * keep-alive connections, and after `graceMs` cuts whatever is still running.
 */
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';

/** What `stop` found and did. */
export interface StopReport {
  /** Requests answered after `stop` was called: those in flight then, and any that came on open connections. */
  answered: number;
  /** Requests still running after the grace period, whose connections were closed. */
  cut: number;
}

export interface GracefulServer {
  server: Server;
  /** Requests received and not yet answered. */
  inFlight(): number;
  /** Stops accepting and waits for the requests in flight, at most `graceMs`; `force` ends the wait at once. */
  stop(graceMs: number): Promise<StopReport>;
  /** During `stop`: closes every connection now (a second Ctrl-C). */
  force(): void;
}

/** An HTTP server answering with `listener`, able to stop gracefully. */
export function createGracefulServer(listener: RequestListener): GracefulServer {
  const active = new Set<ServerResponse>();
  let stopping = false;
  let answered = 0;
  let settle: (() => void) | undefined;

  const server = createServer((req, res) => {
    active.add(res);
    // While stopping, a request that arrives on an open keep-alive connection is answered, and
    // that connection then closes.
    if (stopping) res.setHeader('connection', 'close');
    res.once('close', () => {
      active.delete(res);
      if (!stopping) return;
      if (res.writableFinished) answered++;
      // The connection turns idle only after this event: close it on the next turn.
      setImmediate(() => server.closeIdleConnections());
      if (active.size === 0) settle?.();
    });
    listener(req, res);
  });

  const force = (): void => {
    server.closeAllConnections();
    settle?.();
  };

  const stop = async (graceMs: number): Promise<StopReport> => {
    stopping = true;
    for (const res of active) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    if (active.size > 0) {
      await new Promise<void>((done) => {
        const timer = setTimeout(done, graceMs);
        settle = () => {
          clearTimeout(timer);
          done();
        };
      });
    }
    const cut = active.size;
    server.closeAllConnections();
    await closed;
    return { answered, cut };
  };

  return { server, inFlight: () => active.size, stop, force };
}
