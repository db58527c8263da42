/**
 * Yoga answers every GraphQL result with the media type server/http/response-type.ts picks, the
 * one the lean HTTP path answers with, so both transports negotiate alike (quality values
 * included, which Yoga's own processor ignores). A result Yoga streams, or a request accepting no
 * JSON type, keeps Yoga's own processors (event streams, multipart, 406).
 */
import { isAsyncIterable, processRegularResult, type Plugin } from 'graphql-yoga';
import { responseTypeFor } from '../http/response-type.js';

export function useResponseNegotiation(): Plugin {
  return {
    onResultProcess(payload) {
      if (isAsyncIterable(payload.result)) return;
      const type = responseTypeFor(payload.request.headers.get('accept'));
      if (type !== undefined) payload.setResultProcessor(processRegularResult, type);
    },
  };
}
