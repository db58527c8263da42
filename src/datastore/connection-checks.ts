/**
 * Checks of a keyset page read (Datastore.connection) shared by every backend, and the one
 * definition of which positions a page covers (pageRange), so that both backends page alike.
 */
import type { EntityIR, FieldIR, ModelIR } from '../model/ir.js';
import { getEntity } from '../model/model-helpers.js';
import { PersistError } from '../errors.js';
import type { ConnectionQuery, ListQuery, Page, PageFact, Row, SortSpec, Tuple } from './datastore.js';
import { canonicalOperand, checkCount, checkListQuery, fieldOf } from './query-checks.js';

/** Which of a Page's facts the query asks for (ConnectionQuery.facts), one flag each. */
export type FactFlags = Readonly<Record<PageFact, boolean>>;

const ALL_FACTS: FactFlags = { hasPreviousPage: true, hasNextPage: true, totalCount: true };

/** A checked connection query: the list part canonical, the cursor tuples canonical. */
export interface CheckedConnection {
  list: ListQuery;
  first: number | undefined;
  last: number | undefined;
  after: Tuple | undefined;
  before: Tuple | undefined;
  facts: FactFlags;
}

/** The field a sort spec sorts by (on the entity its path reaches), and whether its value may be NULL. */
function sortField(model: ModelIR, entity: EntityIR, spec: SortSpec): { owner: EntityIR; field: FieldIR; nullable: boolean } {
  let at = entity;
  for (const step of spec.path ?? []) {
    const r = at.relationFields.find((f) => f.name === step.relation)!;
    at = getEntity(model, r.target);
  }
  const field = fieldOf(at, spec.field);
  return { owner: at, field, nullable: field.nullable || (spec.path ?? []).length > 0 };
}

function checkCursor(
  model: ModelIR,
  entity: EntityIR,
  orderBy: readonly SortSpec[],
  name: string,
  tuple: Tuple | undefined,
): Tuple | undefined {
  if (tuple === undefined) return undefined;
  const fields = [
    ...orderBy.map((s) => sortField(model, entity, s)),
    ...entity.keyFields.map((k) => ({ owner: entity, field: fieldOf(entity, k), nullable: false })),
  ];
  if (tuple.length !== fields.length)
    throw new PersistError(
      'BAD_USER_INPUT',
      `The '${name}' cursor of '${entity.name}' has ${tuple.length} value(s), but its order (the sort, then the key) has ${fields.length}; use a cursor of the same order.`,
    );
  return tuple.map((v, i) => {
    const { owner, field, nullable } = fields[i]!;
    if (v !== null) return canonicalOperand(model, owner, field, v);
    if (!nullable)
      throw new PersistError(
        'BAD_USER_INPUT',
        `The '${name}' cursor of '${entity.name}' holds null for '${owner.name}.${field.name}', which is never null; use a cursor of the same order.`,
      );
    return null;
  });
}

/** Validates a connection query: fields as a list query's, sizes non-negative integers (not both), cursors of the order's shape. */
export function checkConnectionQuery(model: ModelIR, entity: EntityIR, query: ConnectionQuery): CheckedConnection {
  checkCount('first', query.first);
  checkCount('last', query.last);
  if (query.first !== undefined && query.last !== undefined)
    throw new PersistError(
      'BAD_USER_INPUT',
      `A page of '${entity.name}' takes 'first' or 'last', not both; page forwards with first/after or backwards with last/before.`,
    );
  const { first, last, after, before, per: _per, facts, ...rest } = query;
  const list = checkListQuery(model, entity, rest);
  const orderBy = list.orderBy ?? [];
  return {
    list,
    first,
    last,
    after: checkCursor(model, entity, orderBy, 'after', after),
    before: checkCursor(model, entity, orderBy, 'before', before),
    facts:
      facts === undefined
        ? ALL_FACTS
        : {
            hasPreviousPage: facts.includes('hasPreviousPage'),
            hasNextPage: facts.includes('hasNextPage'),
            totalCount: facts.includes('totalCount'),
          },
  };
}

/**
 * A page of `rows` holding the facts `facts` asks for and no other (Page): a backend passes
 * anything for those it was not asked for and did not compute.
 */
export function pageOf(facts: FactFlags, rows: Row[], cursors: Tuple[], previous: boolean, next: boolean, total: number): Page {
  const page: Page = { rows, cursors };
  if (facts.hasPreviousPage) page.hasPreviousPage = previous;
  if (facts.hasNextPage) page.hasNextPage = next;
  if (facts.totalCount) page.totalCount = total;
  return page;
}

/**
 * The 1-based positions [a, b] a page covers among `n` ordered rows, of which the first `lo` are
 * not after the `after` cursor and the last `hi` not before the `before` cursor (b < a: empty).
 */
export function pageRange(
  n: number,
  lo: number,
  hi: number,
  first: number | undefined,
  last: number | undefined,
): { a: number; b: number } {
  const high = n - hi;
  if (first !== undefined) return { a: lo + 1, b: Math.min(high, lo + first) };
  if (last !== undefined) return { a: Math.max(lo + 1, high - last + 1), b: high };
  return { a: lo + 1, b: high };
}
