/**
 * Trusted documents at request time (SPEC §4): which document a request runs, decided the same
 * way on both transports. Yoga's path runs Yoga's own persisted-operations plugin with these
 * lookups (plugins/persisted-operations.ts); the lean path (lean-http-handler.ts) calls
 * `decide`, which follows that plugin's order, and hands every refusal to Yoga, which answers it.
 *
 * A request names a document by id in either form clients send:
 * - `extensions: { persistedQuery: { version: 1, sha256Hash } }`: Apollo's (APQ) shape, sent by
 *   Apollo Client's persisted-queries link and Apollo Kotlin/iOS;
 * - `documentId`: GraphQL-over-HTTP's persisted documents (GraphQL Code Generator's client
 *   preset, Relay), also as `sha256:<hex>`; in the URL's query string for GET.
 *
 * The order: a request with a query text runs that text (its id, if any, is not looked up, as the
 * plugin does) unless `only` is set and the text is not one of the manifest's documents; a
 * request without one runs the document of its id; an unknown id is PERSISTED_QUERY_NOT_FOUND,
 * HTTP 400. Apollo Client's link answers that code by sending the text once with the hash, and
 * gives up after that one retry, so the refusal of that second request cannot make it loop.
 */
import { GraphQLError } from 'graphql';
import { normalizeDocumentId, type PersistedManifest } from './manifest.js';

/** The server's trusted documents: the manifest, and whether they are the only ones that run. */
export interface PersistedOperationsOptions {
  manifest: PersistedManifest;
  /** Refuse every document that is not in the manifest (default false: ids are a shortcut only). */
  only?: boolean;
}

/** The code of every refusal: the one Apollo's clients know (and retry once with the text). */
export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';

/** The setting a refused text names. */
const ONLY_SETTING = 'persist.persistedOperations.only';

/** What a request names: its text (`query`) and the ids it may carry. */
export interface PersistedParams {
  readonly query?: unknown;
  readonly extensions?: unknown;
  readonly documentId?: unknown;
}

/** Which document a request runs, or why it does not. */
export type PersistedDecision =
  | { readonly run: string }
  /** Refused: answer this error (Yoga's path throws it; the lean path leaves the request to Yoga). */
  | { readonly refuse: GraphQLError }
  /** Neither text nor id, and `only` is off: Yoga's own answer (Must provide query string). */
  | { readonly pass: true };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refusal(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } } });
}

/** The documents of one manifest, by id and by text. */
export class TrustedDocuments {
  readonly only: boolean;
  private readonly manifest: PersistedManifest;
  private readonly texts: ReadonlySet<string>;

  constructor(options: PersistedOperationsOptions) {
    this.manifest = options.manifest;
    this.only = options.only ?? false;
    this.texts = new Set([...options.manifest.documents.values()].map((d) => d.body));
  }

  /** The id a request carries (APQ's `sha256Hash`, else `documentId`), or null. */
  idOf(params: PersistedParams, url?: string): string | null {
    const apq = isRecord(params.extensions) ? params.extensions['persistedQuery'] : undefined;
    if (isRecord(apq) && apq['version'] === 1 && typeof apq['sha256Hash'] === 'string') return apq['sha256Hash'];
    if (typeof params.documentId === 'string' && params.documentId !== '') return params.documentId;
    // Yoga reads only query, variables, operationName and extensions from a GET's query string.
    const fromUrl =
      url === undefined || !url.includes('documentId=') ? null : new URL(url, 'http://localhost').searchParams.get('documentId');
    return fromUrl === null || fromUrl === '' ? null : fromUrl;
  }

  /** The text of the document with this id, or null. */
  lookup(id: string): string | null {
    return this.manifest.documents.get(normalizeDocumentId(id))?.body ?? null;
  }

  /** Whether a request with this query text is refused: under `only`, any text not in the manifest. */
  refusesText(query: string): boolean {
    return this.only && !this.texts.has(query);
  }

  /** The refusal of an id not in the manifest. */
  notFound(id: string): GraphQLError {
    // Apollo's link recognizes the code (or the message PersistedQueryNotFound) and retries once with the text.
    return refusal(
      `PersistedQueryNotFound: no trusted document has the id '${id.slice(0, 80)}' (${this.manifest.source}, persist.persistedOperations.file).` +
        (this.only ? '' : ' Send the document text instead.'),
    );
  }

  /** The refusal of a text under `only`. */
  textRefused(): GraphQLError {
    return refusal(
      `This server runs only the trusted documents of ${this.manifest.source} (${ONLY_SETTING} is true): ` +
        'send the id of one (extensions.persistedQuery.sha256Hash or documentId) or its exact text; other documents are refused before they are read.',
    );
  }

  /** The refusal of a request with neither text nor id under `only`; off, Yoga's own message. */
  noDocument(): GraphQLError {
    return this.only
      ? refusal(
          `This request names no document: send the id of a trusted document of ${this.manifest.source} ` +
            `(extensions.persistedQuery.sha256Hash or documentId); ${ONLY_SETTING} is true.`,
        )
      : new GraphQLError('Must provide query string.', {
          extensions: { code: 'BAD_REQUEST', http: { spec: true, status: 400, headers: { Allow: 'GET, POST' } } },
        });
  }

  /** Which document a request runs (see the file comment for the order). */
  decide(params: PersistedParams, url?: string): PersistedDecision {
    const { query } = params;
    if (typeof query === 'string' && query !== '') return this.refusesText(query) ? { refuse: this.textRefused() } : { run: query };
    const id = this.idOf(params, url);
    if (id === null) return this.only ? { refuse: this.noDocument() } : { pass: true };
    const text = this.lookup(id);
    return text === null ? { refuse: this.notFound(id) } : { run: text };
  }
}
