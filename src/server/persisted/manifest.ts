/**
 * A manifest of trusted documents (SPEC §4, Trusted documents): its text → the documents by id,
 * checked. Pure: the CLI reads the file (`persist.persistedOperations.file`) and hands its text
 * here. Two formats are read, told apart by their shape:
 *
 * - Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`, Apollo Kotlin
 *   and iOS): `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations":
 *   [{ "id", "name", "type", "body" }] }`; an id is the SHA-256 of its body unless the project
 *   chose its own `createOperationId`.
 * - GraphQL Code Generator's client preset with `persistedDocuments` (`persisted-documents.json`):
 *   `{ "<hash>": "<document>" }`, the hash SHA-1 or SHA-256 of the document (`hashAlgorithm`),
 *   or whatever a custom hash function gave.
 *
 * An id of 64 hex digits (optionally written `sha256:<hex>`, the GraphQL-over-HTTP form) must be
 * the SHA-256 of its document: a manifest that says otherwise is stale or edited by hand, and is
 * refused at start rather than serving a document under the wrong id. Every document must parse.
 */
import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import { PersistError } from '../../errors.js';

/** The `format` value of Apollo's manifest. */
export const APOLLO_MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

/** One trusted document. */
export interface PersistedDocument {
  /** The id as the manifest writes it. */
  readonly id: string;
  /** The document text, exactly as in the manifest (the text that runs). */
  readonly body: string;
}

/** A checked manifest: its documents by normalized id (see `normalizeDocumentId`). */
export interface PersistedManifest {
  /** The file, as the configuration names it (for messages). */
  readonly source: string;
  readonly format: 'apollo' | 'graphql-codegen';
  readonly documents: ReadonlyMap<string, PersistedDocument>;
}

/** A manifest that cannot be served: CONFIG_INVALID, naming the file and the entry. */
export class PersistedManifestError extends PersistError {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super('CONFIG_INVALID', `${source} (persist.persistedOperations.file): ${detail}`);
  }
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const SHA256_PREFIX = 'sha256:';

/**
 * The id a lookup uses: without the `sha256:` prefix of GraphQL-over-HTTP's document identifiers,
 * and lower-case when it is 64 hex digits (a SHA-256 written in capitals is the same hash).
 */
export function normalizeDocumentId(id: string): string {
  const bare = id.startsWith(SHA256_PREFIX) ? id.slice(SHA256_PREFIX.length) : id;
  return SHA256_HEX.test(bare) ? bare.toLowerCase() : bare;
}

/** The SHA-256 of a document text, in hex (what Apollo's manifest and clients use as an id). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const EXPECTED_SHAPE =
  `expected Apollo's persisted query manifest ({ "format": "${APOLLO_MANIFEST_FORMAT}", "version": 1, "operations": [...] }) ` +
  `or GraphQL Code Generator's persisted documents ({ "<hash>": "<document>" })`;

/** Collects the documents of one manifest, checking each. */
class ManifestBuilder {
  readonly documents = new Map<string, PersistedDocument>();

  constructor(private readonly source: string) {}

  fail(detail: string): never {
    throw new PersistedManifestError(this.source, detail);
  }

  add(id: unknown, body: unknown, where: string): void {
    if (typeof id !== 'string' || id.trim() === '') this.fail(`${where}: the id must be a non-empty string.`);
    if (typeof body !== 'string' || body.trim() === '') this.fail(`${where}: the document must be a non-empty string.`);
    const key = normalizeDocumentId(id);
    if (id.startsWith(SHA256_PREFIX) && !SHA256_HEX.test(key)) this.fail(`${where}: '${id}' is not 'sha256:' and 64 hex digits.`);
    if (SHA256_HEX.test(key) && sha256Hex(body) !== key)
      this.fail(
        `${where}: the id '${id}' is not the SHA-256 of its document (that is ${sha256Hex(body)}): ` +
          'the manifest is out of date or was edited; generate it again.',
      );
    try {
      parse(body, { noLocation: true });
    } catch (e) {
      this.fail(`${where}: the document does not parse: ${e instanceof Error ? e.message : String(e)}`);
    }
    const earlier = this.documents.get(key);
    if (earlier !== undefined && earlier.body !== body) this.fail(`${where}: the id '${id}' is given twice, to different documents.`);
    this.documents.set(key, { id, body });
  }
}

function readApollo(json: Record<string, unknown>, builder: ManifestBuilder): void {
  if (json['version'] !== 1)
    builder.fail(`unsupported version ${JSON.stringify(json['version'])} of ${APOLLO_MANIFEST_FORMAT} (expected 1).`);
  const operations = json['operations'];
  if (!Array.isArray(operations)) builder.fail(`'operations' must be a list of { id, name, type, body }.`);
  operations.forEach((operation: unknown, i) => {
    const where = `operations[${i}]`;
    if (!isRecord(operation)) builder.fail(`${where}: expected an object { id, name, type, body }.`);
    const type = operation['type'];
    if (type !== undefined && type !== 'query' && type !== 'mutation' && type !== 'subscription')
      builder.fail(`${where}: 'type' must be query, mutation or subscription, got ${JSON.stringify(type)}.`);
    builder.add(operation['id'], operation['body'], typeof operation['name'] === 'string' ? `${where} (${operation['name']})` : where);
  });
}

/**
 * Parses and checks a manifest's text; `source` names the file in errors. Throws
 * PersistedManifestError for anything that cannot be served.
 */
export function parsePersistedManifest(text: string, source: string): PersistedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PersistedManifestError(source, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const builder: ManifestBuilder = new ManifestBuilder(source);
  if (!isRecord(json)) builder.fail(`${EXPECTED_SHAPE}.`);
  if ('format' in json) {
    if (json['format'] !== APOLLO_MANIFEST_FORMAT) builder.fail(`unknown format ${JSON.stringify(json['format'])}: ${EXPECTED_SHAPE}.`);
    readApollo(json, builder);
    return { source, format: 'apollo', documents: builder.documents };
  }
  for (const [id, body] of Object.entries(json)) {
    if (typeof body !== 'string') builder.fail(`'${id}': ${EXPECTED_SHAPE}, and the value of each hash is a document text.`);
    builder.add(id, body, `'${id}'`);
  }
  return { source, format: 'graphql-codegen', documents: builder.documents };
}
