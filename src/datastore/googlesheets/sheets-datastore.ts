/**
 * The Google Sheets datastore. Every call reads the whole spreadsheet in one values.batchGet,
 * loads it into the in-memory store's tables and runs the IN-MEMORY STORE'S OWN method on them
 * (so filters, order, paging, includes, keys, foreign keys, 1-1 and unique indexes behave and fail
 * exactly as there); what the call changed becomes one guarded spreadsheets.batchUpdate (see
 * snapshot.ts). A new Datastore method is one line here: `run` over the in-memory method.
 *
 * Consistency: each call (and each transaction) sees one snapshot and commits all its changes at
 * once, only if no other Persist writer committed since its read (compare-and-swap on the
 * revision marker); otherwise it reads again and runs again, up to CONFLICT_ATTEMPTS times, then
 * fails with DATASTORE_UNAVAILABLE having written nothing. Writes of this process are queued one
 * after the other, so they never conflict with each other. Edits made by hand in the Sheets UI
 * bypass the marker: they are seen by the next call, but not detected if made between a call's
 * read and its write.
 */
import type { ModelIR } from '../../model/ir.js';
import { CommitOutcomeUnknownError, DatastoreUnavailableError } from '../../errors.js';
import type {
  AggregateQuery,
  ConnectionQuery,
  Datastore,
  Filter,
  Group,
  KeyQuery,
  ListQuery,
  Page,
  Row,
  Tuple,
  WriteGuard,
} from '../datastore.js';
import { InMemoryDatastore } from '../inmemory/inmemory-datastore.js';
import { modelLayouts, type SheetLayout } from './layout.js';
import { RevisionConflict, type SheetsClient } from './sheets-client.js';
import { Snapshot, type SheetIds } from './snapshot.js';

/** How many times a call runs when other writers keep committing between its read and its write. */
export const CONFLICT_ATTEMPTS = 5;

export class SheetsDatastore implements Datastore {
  private readonly layouts: readonly SheetLayout[];
  private closed = false;
  /** The tail of this process's queued writes. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly model: ModelIR,
    private readonly client: SheetsClient,
    private readonly ids: SheetIds,
  ) {
    this.layouts = modelLayouts(model);
  }

  getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    return this.read((m) => m.getByKeys(entity, keys, query));
  }

  getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]> {
    return this.read((m) => m.getByFields(entity, fields, values, query));
  }

  list(entity: string, query?: ListQuery): Promise<Row[]> {
    return this.read((m) => m.list(entity, query));
  }

  aggregate(entity: string, query: AggregateQuery): Promise<Group[][]> {
    return this.read((m) => m.aggregate(entity, query));
  }

  connection(entity: string, query: ConnectionQuery): Promise<Page[]> {
    return this.read((m) => m.connection(entity, query));
  }

  insert(entity: string, rows: readonly Row[]): Promise<Row[]> {
    return this.write((m) => m.insert(entity, rows));
  }

  update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    return this.write((m) => m.update(entity, key, patch, guard));
  }

  delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    return this.write((m) => m.delete(entity, key, guard));
  }

  upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]> {
    return this.write((m) => m.upsert(entity, rows, updateFields));
  }

  updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number): Promise<Row[]> {
    return this.write((m) => m.updateWhere(entity, filter, patch, maxAffected));
  }

  deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]> {
    return this.write((m) => m.deleteWhere(entity, filter, maxAffected));
  }

  /**
   * Reads once and runs `work` as an in-memory transaction over the loaded tables (its nested
   * transactions are that store's savepoints); what it kept when it commits goes in one
   * batchUpdate. Nothing is written before, so readers outside it never see its uncommitted rows.
   */
  transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    return this.write((m) => m.transaction(work));
  }

  async ping(): Promise<void> {
    this.check();
    await Snapshot.currentRevision(this.client);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new DatastoreUnavailableError('The googlesheets datastore is closed.');
  }

  /** A call that changes nothing: one batchGet (a write it makes anyway is committed as any other). */
  private read<T>(work: (store: Datastore) => Promise<T>): Promise<T> {
    this.check();
    return this.run(work);
  }

  /** A call that may change rows: queued behind this process's other writes. */
  private write<T>(work: (store: Datastore) => Promise<T>): Promise<T> {
    this.check();
    const done = this.writes.then(() => this.run(work));
    this.writes = done.catch(() => undefined);
    return done;
  }

  private async run<T>(work: (store: Datastore) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const snapshot = await Snapshot.read(this.client, this.model, this.layouts, this.ids);
      const result = await work(new InMemoryDatastore(this.model, snapshot.state));
      const requests = snapshot.changes();
      if (requests === undefined) return result;
      try {
        await this.client.batchUpdate(requests, true);
        return result;
      } catch (e) {
        if (!(e instanceof RevisionConflict)) throw e;
        if (e.afterRetry) {
          // An earlier attempt of this very batchUpdate may have been applied, its answer lost.
          const now = await Snapshot.currentRevision(this.client);
          if (now === snapshot.nextRevision) return result;
          throw new CommitOutcomeUnknownError({ cause: e });
        }
        if (attempt >= CONFLICT_ATTEMPTS)
          throw new DatastoreUnavailableError(
            `The spreadsheet '${this.client.spreadsheetId}' was changed by other writers between each of ${attempt} reads and writes; nothing was written, try again.`,
            { cause: e },
          );
      }
    }
  }
}
