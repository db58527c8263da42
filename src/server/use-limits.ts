/**
 * `limits.bodyBytes` on Yoga's path: the body is counted while it is read (a Content-Length over
 * the limit is refused at once, a chunked body when it passes it), HTTP 413. Every other limit is
 * the request pipeline's (graphql/request-pipeline.ts), on both transports; the lean path reads
 * its bodies itself, within the same limit (lean-http-handler.ts).
 */
import type { Plugin } from 'graphql-yoga';
import { limitError, limitSource } from '../graphql/index.js';

/** The 413 error of a body over `limits.bodyBytes`. */
export function bodyTooLarge(bodyBytes: number): ReturnType<typeof limitError> {
  return limitError(`The request body exceeds the limit of ${bodyBytes} bytes (${limitSource('bodyBytes')}).`, 413);
}

// Only a single non-negative integer is a Content-Length (anything else is a smuggling attempt).
const CONTENT_LENGTH = /^\d+$/;

/** A Yoga plugin refusing bodies over `bodyBytes` while they are read. */
export function useBodyLimit(bodyBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const length = request.headers.get('content-length');
      if (length !== null && (!CONTENT_LENGTH.test(length) || Number(length) > bodyBytes)) throw bodyTooLarge(bodyBytes);
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      // Chunked bodies (or a Content-Length that lies) are counted while read: reading stops at the limit.
      setRequestParser((req) => {
        const body = req.body;
        if (body === null) return parse(req);
        let read = 0;
        // As Yoga's own body limit: a native stream needs the native TransformStream.
        const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const limited = body.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > bodyBytes) controller.error(bodyTooLarge(bodyBytes));
              else controller.enqueue(chunk);
            },
          }),
        );
        const init: RequestInit & { duplex: 'half' } = {
          method: req.method,
          headers: req.headers,
          signal: req.signal,
          body: limited,
          duplex: 'half',
        };
        return parse(new fetchAPI.Request(req.url, init));
      });
    },
  };
}
