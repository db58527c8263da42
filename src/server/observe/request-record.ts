/**
 * What the server learns of one node request while answering it, for its log line and metrics
 * (observe-requests.ts): its id, which path answered, the operation's name and the error codes
 * of its answer. The lean path and Yoga's plugin (plugins/request-observation.ts) fill it in; a
 * request served otherwise (Yoga's fetch in tests) has none, and nothing is recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Kind, type DocumentNode } from 'graphql';
import { REQUEST_ID_HEADER } from './request-id.js';

export type Transport = 'lean' | 'yoga' | 'server';

export interface RequestRecord {
  readonly id: string;
  transport: Transport;
  operation: string | undefined;
  readonly errorCodes: string[];
}

const RECORD = Symbol('persist.requestRecord');
type Recorded = IncomingMessage & { [RECORD]?: RequestRecord };

export function attachRecord(req: IncomingMessage, record: RequestRecord): void {
  (req as Recorded)[RECORD] = record;
}

/** The record of a node request, or undefined when it is not observed. */
export function recordOf(req: unknown): RequestRecord | undefined {
  return typeof req === 'object' && req !== null ? (req as Recorded)[RECORD] : undefined;
}

/**
 * Sets the response's `X-Request-Id` to the id of the request's record, if it has one: for the
 * answers of a listener that writes the id itself (observe-requests.ts, `writesId`) other than in
 * the header list of its own `writeHead`.
 */
export function setRequestIdHeader(req: IncomingMessage, res: ServerResponse): void {
  const record = recordOf(req);
  if (record !== undefined) res.setHeader(REQUEST_ID_HEADER, record.id);
}

/** The code of each error of a GraphQL answer (`extensions.code`; `UNCODED` for an error without one). */
export function errorCodesOf(errors: readonly unknown[]): string[] {
  return errors.map((e) => {
    const code = (e as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    return typeof code === 'string' ? code : 'UNCODED';
  });
}

// A GraphQL name (what an operation name must be); anything else is not written to the log.
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;

/** Notes the request's operation name, when it is one. */
export function noteOperation(record: RequestRecord, name: unknown): void {
  if (typeof name === 'string' && NAME.test(name)) record.operation = name;
}

/** The name of the operation a request runs: the one it gives, else its document's only operation's. */
export function operationNameOf(document: DocumentNode, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 ? operations[0]!.name?.value : undefined;
}
