/**
 * updateWhere's short path: the UPDATE by the filter first, then the rows read back by the same
 * filter, instead of reading and locking the matching rows first and updating them by key
 * (sql-bulk-writes.ts). Both statements are queued on the connection together, so the read goes
 * out as soon as the UPDATE is answered: the rows' locks are held for the two statements, one
 * turn of the event loop and COMMIT, where the locking read held them for three statements and
 * two turns (benchmark M3: 16 clients updating the same 99 rows queue on those locks).
 *
 * It runs only where it answers exactly what the general path answers:
 * - as the transaction's first statements (TransactionSession.fresh), so that a ROLLBACK undoes
 *   all it did and leaves the transaction as if nothing had run;
 * - when the filter tests stored fields of the entity only (no relation condition, whose related
 *   rows the UPDATE neither changes nor holds) and none that the patch sets: the rows the UPDATE
 *   matched still match the filter after it;
 * - with a patch that passes the value checks (a bad one is reported by the general path, in its
 *   order of checks).
 *
 * Why the read gives the rows updated. The UPDATE locks (X) every row it matched (M); they keep
 * matching (their filtered fields are not set, and nobody else can change them before COMMIT), and
 * a transaction's own read always sees its own changes: the read returns M and possibly more (R).
 * Under REPEATABLE READ, the MariaDB and MySQL default, the UPDATE's next-key locks cover the
 * range it scanned, so no row can enter the filter until COMMIT and R is M. Under any isolation
 * the count tells: the UPDATE reports the rows it matched (the FOUND_ROWS client flag, on in
 * mysql-pool.ts), and when the read returns another number (a row inserted or moved into the
 * filter meanwhile under READ COMMITTED, a row of an uncommitted transaction read under READ
 * UNCOMMITTED), the transaction is rolled back and the general path runs instead. Both statements
 * read at most maxAffected + 1 rows in key order; more than maxAffected matched is rolled back
 * with the general path's error. A constraint the UPDATE breaks is rolled back by InnoDB with the
 * statement: the general path then runs in the same transaction and diagnoses the failing row.
 * The answer is built as the general path builds it: the set fields from the patch, the others as
 * read, in the entity's field order.
 */
import type { Filter, Row } from '../datastore.js';
import { checkMaxAffected, tooManyAffectedError } from '../bulk-checks.js';
import { canonicalFilter } from '../query-checks.js';
import { checkUpdatePatch } from '../row-checks.js';
import type { EntitySql } from './entity-sql.js';
import { isConstraintError } from './mysql-errors.js';
import { RowReader } from './row-reader.js';
import { filterSql, keyOrderSql } from './sql-filter.js';
import type { SqlSession } from './sql-session.js';
import { setClause, type WriteContext } from './sql-writes.js';
import { TransactionSession } from './transaction-session.js';

/** The stored fields `filter` tests, or undefined when it has a relation condition. */
function testedFields(filter: Filter, into = new Set<string>()): Set<string> | undefined {
  switch (filter.kind) {
    case 'and':
    case 'or':
      for (const f of filter.filters) if (testedFields(f, into) === undefined) return undefined;
      return into;
    case 'not':
      return testedFields(filter.filter, into);
    case 'relation':
      return undefined;
    default:
      into.add(filter.field);
      return into;
  }
}

/** The rows updated, as updateWhere answers them; undefined when the general path must run (see the file comment). */
export async function updateFirst(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  filter: Filter,
  patch: Row,
  maxAffected: number,
): Promise<Row[] | undefined> {
  if (!(session instanceof TransactionSession) || !session.fresh) return undefined;
  checkMaxAffected(maxAffected);
  const canonical = canonicalFilter(ctx.model, meta.entity, filter);
  let changes: Row;
  try {
    changes = checkUpdatePatch(ctx.model, meta.entity, patch);
  } catch {
    return undefined;
  }
  const set = Object.keys(changes);
  const tested = testedFields(canonical);
  if (set.length === 0 || tested === undefined || set.some((f) => tested.has(f))) return undefined;

  const reader = new RowReader(
    meta,
    meta.fieldNames.filter((f) => !(f in changes)),
  );
  const whereParams: unknown[] = [];
  const where = filterSql(meta, canonical, whereParams);
  const order = keyOrderSql(meta);
  const updateParams: unknown[] = [];
  const assignments = setClause(meta, changes, updateParams);
  updateParams.push(...whereParams, maxAffected + 1);
  let outcome: Awaited<ReturnType<TransactionSession['writeThenRead']>>;
  try {
    outcome = await session.writeThenRead(
      { sql: `UPDATE ${meta.table} SET ${assignments} WHERE ${where} ORDER BY ${order} LIMIT ?`, values: updateParams },
      {
        sql: `SELECT ${reader.columns()} FROM ${meta.table} WHERE ${where} ORDER BY ${order} LIMIT ?`,
        values: [...whereParams, maxAffected + 1],
      },
    );
  } catch (e) {
    if (isConstraintError(e)) return undefined;
    throw e;
  }
  const matched = outcome.written.affectedRows;
  if (matched > maxAffected) {
    await session.rollback();
    throw tooManyAffectedError(meta.entity, 'update', maxAffected);
  }
  if (outcome.rows.length !== matched) {
    await session.rollback();
    return undefined;
  }
  return outcome.rows.map((raw) => {
    const stored = reader.read(raw);
    const row: Row = {};
    for (const f of meta.fieldNames) row[f] = f in changes ? changes[f]! : stored[f]!;
    return row;
  });
}
