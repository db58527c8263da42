/**
 * `include` for MySQL: every included relation is a LEFT JOIN in the parent's own statement, on
 * the target's primary key, so it costs no round trip. Joining on the key matches at most one row,
 * so a join never changes which parent rows a statement returns nor their order, paging or
 * filtering (an include's `where` goes into the join's ON clause, so that it hides the related row
 * only, never the parent); LEFT rather than INNER so that this holds without relying on the foreign key being
 * set (owner foreign keys are non-null and constrained, so it never comes up), and because it
 * keeps MariaDB from reordering the join: the parent is read first, in index order, and a LIMIT
 * stops it early. Joined columns follow the parent's in the SELECT list, depth first; reading a
 * row back rebuilds the nested included rows from them, once per distinct joined row (see Include:
 * parents of one call share their included rows).
 */
import type { IncludedRows, Row, Value } from '../datastore.js';
import { tupleKey } from '../tuple-key.js';
import { INCLUDED } from '../datastore.js';
import { includedFields, type IncludePlan } from '../includes.js';
import { outputFields } from '../read-fields.js';
import { aliasedMeta, quoteId, type EntitySql } from './entity-sql.js';

export { aliasedMeta };
import { RowReader } from './row-reader.js';
import { filterSql } from './sql-filter.js';

/** The alias of the parent table in a statement with joins. */
export const PARENT_ALIAS = quoteId('__i0');

/** One joined table: how to read its columns, and the joins below it. */
interface JoinNode {
  relation: string;
  reader: RowReader;
  /** Where the joined row's first key field is among its columns: NULL there means no row. */
  keyAt: number;
  /** Columns of this node and of every node below it. */
  width: number;
  children: JoinNode[];
  /** Where the joined row's other key fields are (composite keys), after the first. */
  moreKeysAt: number[];
  /** The rows read so far in this call, by key: a row joined to many parents is decoded once. */
  seen: Map<unknown, Row>;
}

/** The joins of one statement's includes: SELECT columns, JOIN clauses and the row rebuilding. */
export class IncludeJoins {
  /** `, a.c1, a.c2, …`: to append to the parent's SELECT list. */
  readonly columns: string;
  /** ` LEFT JOIN t AS a ON …`: to append to the FROM clause. */
  readonly joins: string;
  /** The parameters of the joins' ON conditions (the includes' `where`), in the order of `joins`. */
  readonly params: readonly unknown[];
  private readonly nodes: JoinNode[];

  private constructor(metaOf: (entity: string) => EntitySql, parent: EntitySql, parentAlias: string, plans: readonly IncludePlan[]) {
    const columns: string[] = [];
    const joins: string[] = [];
    const params: unknown[] = [];
    let next = 1;
    const build = (owner: EntitySql, ownerAlias: string, list: readonly IncludePlan[]): JoinNode[] =>
      list.map((p) => {
        const alias = quoteId(`__i${next++}`);
        const plain = metaOf(p.target.name);
        const target = aliasedMeta(plain, alias);
        const on = p.fkFields.map(
          (fk, i) => `${target.fields.get(p.keyFields[i]!)!.column} = ${ownerAlias}.${owner.fields.get(fk)!.column}`,
        );
        // A related row outside the include's filter is not joined: the parent gets null.
        if (p.where) on.push(filterSql(target, p.where, params));
        joins.push(` LEFT JOIN ${target.table} AS ${alias} ON ${on.join(' AND ')}`);
        const reader = new RowReader(target, outputFields(target, includedFields(p)));
        columns.push(reader.columns());
        const children = build(plain, alias, p.children);
        const [keyAt, ...moreKeysAt] = p.target.keyFields.map((k) => reader.fields.indexOf(k));
        return {
          relation: p.relation,
          reader,
          keyAt: keyAt!,
          moreKeysAt,
          width: reader.fields.length + children.reduce((n, c) => n + c.width, 0),
          children,
          seen: new Map(),
        };
      });
    this.nodes = build(parent, parentAlias, plans);
    this.columns = columns.map((c) => `, ${c}`).join('');
    this.joins = joins.join('');
    this.params = params;
  }

  /**
   * The joins of `plans` below the parent table `parent` (unqualified meta) aliased `parentAlias`;
   * undefined when nothing is included.
   */
  static of(
    metaOf: (entity: string) => EntitySql,
    parent: EntitySql,
    parentAlias: string,
    plans: readonly IncludePlan[],
  ): IncludeJoins | undefined {
    return plans.length === 0 ? undefined : new IncludeJoins(metaOf, parent, parentAlias, plans);
  }

  /** Sets `row[INCLUDED]` from the joined columns of `raw`, which start at `offset`. */
  attach(row: Row, raw: readonly unknown[], offset: number): void {
    attachNodes(this.nodes, row, raw, offset);
  }
}

function attachNodes(nodes: readonly JoinNode[], row: Row, raw: readonly unknown[], offset: number): void {
  const included: IncludedRows = {};
  let at = offset;
  for (const n of nodes) {
    // A stored key is never NULL, so a NULL there means no row was joined.
    const first = raw[at + n.keyAt];
    if (first === null || first === undefined) {
      included[n.relation] = null;
    } else {
      // Keys as the driver returns them (strings or numbers, not yet decoded): a joined row is
      // decoded once, the first time its key is seen.
      const key = n.moreKeysAt.length === 0 ? first : tupleKey([first, ...n.moreKeysAt.map((i) => raw[at + i])] as Value[]);
      let child = n.seen.get(key);
      if (child === undefined) {
        child = n.reader.read(raw, at);
        if (n.children.length > 0) attachNodes(n.children, child, raw, at + n.reader.fields.length);
        n.seen.set(key, child);
      }
      included[n.relation] = child;
    }
    at += n.width;
  }
  row[INCLUDED] = included;
}
