/**
 * Fills in the record of a request Yoga answers (observe/request-record.ts): the operation's name
 * from what it executes, the error codes from its result. A request without a record (Yoga's fetch
 * called directly) is left alone.
 */
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorCodesOf, noteOperation, operationNameOf, recordOf } from '../observe/request-record.js';

function errorsOf(result: unknown): unknown[] {
  if (Array.isArray(result)) return result.flatMap(errorsOf);
  const errors = (result as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors : [];
}

export function useRequestObservation(): Plugin {
  return {
    onParams({ params, context }) {
      const record = recordOf((context as { req?: unknown }).req);
      if (record !== undefined) noteOperation(record, params.operationName);
    },
    onExecute({ args }) {
      const record = recordOf((args.contextValue as { req?: unknown } | undefined)?.req);
      if (record === undefined) return;
      const { document, operationName } = args as { document: DocumentNode; operationName?: string | null };
      noteOperation(record, operationNameOf(document, operationName ?? undefined));
    },
    onResultProcess({ result, serverContext }) {
      const record = recordOf((serverContext as { req?: unknown }).req);
      if (record === undefined || Symbol.asyncIterator in (result as object)) return;
      record.errorCodes.push(...errorCodesOf(errorsOf(result)));
    },
  };
}
