/**
 * What a datastore backend is to the rest of the product: how to open it and what it can do. A
 * leaf (types only), so that backends and the registry (create-datastore.ts) can both import it.
 */
import type { ModelIR } from '../model/ir.js';
import type { Datastore } from './datastore.js';

export interface DatastoreOptions {
  /** The registered name: `inmemory`, `mysql`, … */
  datastore: string;
  /** Connection URL for backends that need one (`mysql://user:pass@host:port/db`). */
  databaseUrl?: string;
  /** Bounds on the waits of backends that talk to a server (defaults: see each backend). */
  limits?: DatastoreLimits;
  /**
   * The backend's own block of codegen.yml (`persist.<name>:`, e.g. `persist.googlesheets`), as
   * written after `${VAR}` substitution; the backend checks it (CONFIG_INVALID).
   */
  settings?: unknown;
  /** The project root: relative paths in `settings` are resolved from it (default: the working directory). */
  baseDir?: string;
}

/** How long a server-backed datastore waits, in milliseconds, and how many connections it keeps. */
export interface DatastoreLimits {
  connectTimeoutMs?: number;
  acquireTimeoutMs?: number;
  statementTimeoutMs?: number;
  lockWaitTimeoutMs?: number;
  pingTimeoutMs?: number;
  connectionLimit?: number;
  queueLimit?: number;
}

/** What `pushSchema` did: created the storage, found it up to date, or found it different. */
export type PushOutcome =
  | { kind: 'created'; database: string; tables: string[]; collation?: string }
  | { kind: 'upToDate'; database: string }
  | { kind: 'differs'; database: string; differences: string[] };

/** One backend: how to open it and what it can do. */
export interface DatastoreBackend {
  /** How messages name it: "the in-memory datastore". */
  readonly title: string;
  /** Opens the backend for `model`. */
  open(model: ModelIR, options: DatastoreOptions): Promise<Datastore>;
  /**
   * True when its data lives in the process and starts empty each time: `persist serve` loads
   * sample data into it (`--seed`, or `sample-data.json` beside the model). A backend that keeps
   * its own data is never seeded by serve.
   */
  readonly ephemeral: boolean;
  /**
   * The URL schemes of the databases it connects to (`mysql:`); none for an embedded store or
   * one configured by its settings block.
   */
  readonly urlSchemes: readonly string[];
  /** False when its storage is no SQL database: `persist generate` then writes no script.sql. */
  readonly sqlScript?: boolean;
  /**
   * What `persist init --datastore <name>` adds for it: the lines of its settings block in the
   * starter codegen.yml, and what to do next.
   */
  readonly starter?: { config: string; next: string };
  /** How push messages name its storage: "table" in a "database", "sheet" in a "spreadsheet". */
  readonly storageNouns?: { table: string; database: string };
  /**
   * Creates the model's storage (tables) in the database of `options.databaseUrl` (or the one its
   * settings name), never dropping or altering anything (`persist push`). Absent when the backend
   * keeps no schema of its own.
   */
  pushSchema?(model: ModelIR, options: DatastoreOptions): Promise<PushOutcome>;
}
