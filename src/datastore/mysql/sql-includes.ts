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
import { rowBuilder, type RowBuilder } from '../row-literal.js';
import { aliasedMeta, quoteId, type EntitySql } from './entity-sql.js';

export { aliasedMeta };
import { filterSql } from './sql-filter.js';

/** The alias of the parent table in a statement with joins. */
export const PARENT_ALIAS = quoteId('__i0');

/**
 * One joined table. Positions are of the statement's row, counted from the first joined column
 * (the parent's columns, just before, are at negative positions).
 */
interface JoinNode {
  relation: string;
  /** Builds the joined row from the statement's row (`build(raw, offset of the first joined column)`). */
  build: RowBuilder;
  /**
   * A column that is NULL exactly when no row was joined: the key's first column, or, when the
   * key is not selected (see keyFromOwner), a NOT NULL column of the joined table.
   */
  presentAt: number;
  /** Where the joined row's key is: its own columns, or its owner's foreign key. */
  keyAt: readonly number[];
  /** The joins below this one; undefined when there are none. */
  children: JoinList | undefined;
  /** The rows read so far in this call, by key: a row joined to many parents is decoded once. */
  seen: Map<unknown, Row>;
}

/** The joins below one table, and how to build its `row[INCLUDED]`. */
interface JoinList {
  nodes: JoinNode[];
  /** One literal with every relation (relation i from `values[i]`). */
  included: RowBuilder;
  /** The related rows of the row being read, by node (attach is synchronous: reused). */
  values: (Row | null)[];
}

/**
 * Whether the joined row's key can be read from its owner's foreign key instead of being
 * selected again: the owner's foreign-key columns are in the statement (`ownerAt`), and a selected
 * NOT NULL column of the joined table (`presentAt`) tells whether a row was joined. Joined on
 * `key = fk` under the binary collations push requires, a joined key equals its foreign key.
 */
function keyFromOwner(plan: IncludePlan, target: EntitySql, fields: readonly string[], ownerAt: readonly number[] | undefined): number {
  if (ownerAt === undefined) return -1;
  return fields.findIndex((f) => !plan.keyFields.includes(f) && !target.fields.get(f)!.field.nullable);
}

// The `row[INCLUDED]` builders by relation names (few: one per include list the model allows).
const MAX_INCLUDED_BUILDERS = 1000;
const includedBuilders = new Map<string, RowBuilder>();

/** The builder of `{ relation_i: values[i] }`, made once per list of relation names. */
function includedBuilder(relations: readonly string[]): RowBuilder {
  const id = relations.join('\0');
  let build = includedBuilders.get(id);
  if (build === undefined) {
    build = rowBuilder(relations, [], true);
    if (includedBuilders.size >= MAX_INCLUDED_BUILDERS) includedBuilders.clear();
    includedBuilders.set(id, build);
  }
  return build;
}

/** The joins of one statement's includes: SELECT columns, JOIN clauses and the row rebuilding. */
export class IncludeJoins {
  /** `, a.c1, a.c2, …`: to append to the parent's SELECT list. */
  readonly columns: string;
  /** ` LEFT JOIN t AS a ON …`: to append to the FROM clause. */
  readonly joins: string;
  /** The parameters of the joins' ON conditions (the includes' `where`), in the order of `joins`. */
  readonly params: readonly unknown[];
  private readonly list: JoinList;

  private constructor(
    metaOf: (entity: string) => EntitySql,
    parent: EntitySql,
    parentAlias: string,
    plans: readonly IncludePlan[],
    parentFields: readonly string[] | undefined,
  ) {
    const columns: string[] = [];
    const joins: string[] = [];
    const params: unknown[] = [];
    let next = 1;
    let width = 0;
    // `ownerFields`: the owner's fields (undefined: not known), each read at `ownerPositions`.
    const build = (
      owner: EntitySql,
      ownerAlias: string,
      ownerFields: readonly string[] | undefined,
      ownerPositions: readonly number[],
      list: readonly IncludePlan[],
    ): JoinList => {
      const nodes = list.map((p): JoinNode => {
        const alias = quoteId(`__i${next++}`);
        const plain = metaOf(p.target.name);
        const target = aliasedMeta(plain, alias);
        const on = p.fkFields.map(
          (fk, i) => `${target.fields.get(p.keyFields[i]!)!.column} = ${ownerAlias}.${owner.fields.get(fk)!.column}`,
        );
        // A related row outside the include's filter is not joined: the parent gets null.
        if (p.where) on.push(filterSql(target, p.where, params));
        joins.push(` LEFT JOIN ${target.table} AS ${alias} ON ${on.join(' AND ')}`);
        const fields = outputFields(target, includedFields(p));
        const ownerAt = ownerFields && p.fkFields.map((fk) => ownerFields.indexOf(fk));
        const present = keyFromOwner(p, target, fields, ownerAt?.includes(-1) ? undefined : ownerAt);
        // Each field's position: its own column, or (a key field, when present >= 0) the owner's foreign key.
        const start = width;
        const positions: number[] = [];
        const selected: string[] = [];
        for (const f of fields) {
          const k = p.keyFields.indexOf(f);
          if (present >= 0 && k >= 0) positions.push(ownerPositions[ownerAt![k]!]!);
          else {
            positions.push(start + selected.length);
            selected.push(target.fields.get(f)!.column);
          }
        }
        width += selected.length;
        columns.push(...selected);
        const keyAt = p.target.keyFields.map((k) => positions[fields.indexOf(k)]!);
        const node: JoinNode = {
          relation: p.relation,
          build: rowBuilder(
            fields,
            fields.map((f) => target.fields.get(f)!.decode),
            true,
            positions,
          ),
          presentAt: present >= 0 ? positions[present]! : keyAt[0]!,
          keyAt,
          children: undefined,
          seen: new Map(),
        };
        if (p.children.length > 0) node.children = build(plain, alias, fields, positions, p.children);
        return node;
      });
      return {
        nodes,
        included: includedBuilder(list.map((p) => p.relation)),
        values: nodes.map(() => null),
      };
    };
    const n = parentFields?.length ?? 0;
    this.list = build(
      parent,
      parentAlias,
      parentFields,
      Array.from({ length: n }, (_, i) => i - n),
      plans,
    );
    this.columns = columns.map((c) => `, ${c}`).join('');
    this.joins = joins.join('');
    this.params = params;
  }
  /**
   * The joins of `plans` below the parent table `parent` (unqualified meta) aliased `parentAlias`;
   * undefined when nothing is included. `parentFields`: the parent's fields, whose columns come
   * just before the joined ones (their foreign keys then give the joined rows' keys, which are not
   * selected again); without them every joined key is selected.
   */
  static of(
    metaOf: (entity: string) => EntitySql,
    parent: EntitySql,
    parentAlias: string,
    plans: readonly IncludePlan[],
    parentFields?: readonly string[],
  ): IncludeJoins | undefined {
    return plans.length === 0 ? undefined : new IncludeJoins(metaOf, parent, parentAlias, plans, parentFields);
  }

  /** Sets `row[INCLUDED]` from the joined columns of `raw`, which start at `offset`. */
  attach(row: Row, raw: readonly unknown[], offset: number): void {
    attachList(this.list, row, raw, offset);
  }
}

function attachList(list: JoinList, row: Row, raw: readonly unknown[], offset: number): void {
  const { nodes, values } = list;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    // A stored key (or NOT NULL column) is never NULL, so a NULL there means no row was joined.
    const present = raw[offset + n.presentAt];
    if (present === null || present === undefined) {
      values[i] = null;
      continue;
    }
    // Keys as the driver returns them (strings or numbers, not yet decoded): a joined row is
    // decoded once, the first time its key is seen.
    const key = n.keyAt.length === 1 ? raw[offset + n.keyAt[0]!] : tupleKey(n.keyAt.map((k) => raw[offset + k]) as Value[]);
    let child = n.seen.get(key);
    if (child === undefined) {
      child = n.build(raw, offset);
      if (n.children !== undefined) attachList(n.children, child, raw, offset);
      n.seen.set(key, child);
    }
    values[i] = child;
  }
  row[INCLUDED] = list.included(values, 0) as IncludedRows;
}
