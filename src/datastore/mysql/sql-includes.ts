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
import { includedFields, usedFkFields, withoutUnusedFks, type IncludePlan } from '../includes.js';
import { outputFields } from '../read-fields.js';
import { roomFor, rowBuilder, type RowBuilder } from '../row-literal.js';
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
   * A column that is NULL exactly when no row was joined: a selected NOT NULL column of the joined
   * table other than its key, or the key's first column.
   */
  presentAt: number;
  /** Where the joined row's key is: its own columns, or its owner's foreign key; undefined: not read (keysUnused). */
  keyAt: readonly number[] | undefined;
  /** The joins below this one; undefined when there are none. */
  children: JoinList | undefined;
  /** This node's index in a call's `seen` list (IncludeJoins). */
  index: number;
}

/** The joins below one table, and how to build its `row[INCLUDED]`. */
interface JoinList {
  nodes: JoinNode[];
  /** One literal with every relation (relation i from `values[i]`). */
  included: RowBuilder;
  /** The related rows of the row being read, by node (attach is synchronous: reused by every call). */
  values: (Row | null)[];
}

/**
 * The fields of the rows joined for `plan` (of `target`, unqualified). Every row's key is in
 * them, except with keysUnused (Include.keysUnused): then only the selected fields that are no key
 * and no foreign key of an include with keysUnused below, plus the key when none of them is NOT
 * NULL (a NULL there must tell that no row was joined).
 *
 * A joined key is not selected again when the owner's foreign-key columns are in the statement
 * and a selected NOT NULL column of the joined table tells whether a row was joined: joined on
 * `key = fk` under the binary collations push requires, a joined key equals its foreign key.
 */
function joinedFields(target: EntitySql, plan: IncludePlan): readonly string[] {
  if (!plan.keysUnused || plan.select === undefined) return outputFields(target, includedFields(plan));
  const keys = plan.target.keyFields;
  const wanted = new Set(withoutUnusedFks(plan.select, plan.children)!.filter((f) => !keys.includes(f)));
  for (const f of usedFkFields(plan.children)) wanted.add(f);
  const fields = target.fieldNames.filter((f) => wanted.has(f));
  return fields.some((f) => !target.fields.get(f)!.field.nullable) ? fields : outputFields(target, fields);
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

/**
 * The joins of one statement's includes: SELECT columns, JOIN clauses and how rows are rebuilt.
 * It depends on the read's plan only (entity, select, include), so it is kept per frozen plan
 * (sql-reads.ts) and shared by every call of it; each call reads its rows through its own
 * IncludeJoins (`call()`).
 */
export class JoinPlan {
  /** `, a.c1, a.c2, …`: to append to the parent's SELECT list. */
  readonly columns: string;
  /** ` LEFT JOIN t AS a ON …`: to append to the FROM clause. */
  readonly joins: string;
  /** The parameters of the joins' ON conditions (the includes' `where`), in the order of `joins`. */
  readonly params: readonly unknown[];
  private readonly list: JoinList;
  /** How many tables are joined. */
  private readonly count: number;

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
    let count = 0;
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
        const fields = joinedFields(plain, p);
        const ownerAt = ownerFields && p.fkFields.map((fk) => ownerFields.indexOf(fk));
        const ownerKnown = ownerAt !== undefined && !ownerAt.includes(-1);
        // A NOT NULL column other than the key, to tell whether a row was joined (see joinedFields).
        const present = fields.findIndex((f) => !p.keyFields.includes(f) && !target.fields.get(f)!.field.nullable);
        const fromOwner = ownerKnown && present >= 0;
        // Each field's position: its own column, or (a key field, when fromOwner) the owner's foreign key.
        const start = width;
        const positions: number[] = [];
        const selected: string[] = [];
        for (const f of fields) {
          const k = p.keyFields.indexOf(f);
          if (fromOwner && k >= 0) positions.push(ownerPositions[ownerAt[k]!]!);
          else {
            positions.push(start + selected.length);
            selected.push(target.fields.get(f)!.column);
          }
        }
        width += selected.length;
        columns.push(...selected);
        // The key: selected, or its owner's foreign key; neither with keysUnused (the row is then not shared).
        const keyAt: (number | undefined)[] = p.target.keyFields.map((k) => {
          const i = fields.indexOf(k);
          if (i >= 0) return positions[i]!;
          return ownerKnown ? ownerPositions[ownerAt[p.keyFields.indexOf(k)]!]! : undefined;
        });
        const known = keyAt.includes(undefined) ? undefined : (keyAt as number[]);
        const node: JoinNode = {
          relation: p.relation,
          build: rowBuilder(
            fields,
            fields.map((f) => target.fields.get(f)!.decode),
            true,
            positions,
            roomFor(plain.entity, p.children.length > 0),
          ),
          // Without a NOT NULL column, joinedFields selects the key.
          presentAt: present >= 0 ? positions[present]! : known![0]!,
          keyAt: known,
          children: undefined,
          index: count++,
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
    this.count = count;
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
  ): JoinPlan | undefined {
    return plans.length === 0 ? undefined : new JoinPlan(metaOf, parent, parentAlias, plans, parentFields);
  }

  /** The joins as one call reads them: the rows it has read are its own. */
  call(): IncludeJoins {
    const seen: Map<unknown, Row>[] = [];
    for (let i = 0; i < this.count; i++) seen.push(new Map());
    return new IncludeJoins(this, this.list, seen);
  }
}

/** The joins of one call's statement: SELECT columns, JOIN clauses and the rows read so far. */
export class IncludeJoins {
  /** `, a.c1, a.c2, …`: to append to the parent's SELECT list. */
  readonly columns: string;
  /** ` LEFT JOIN t AS a ON …`: to append to the FROM clause. */
  readonly joins: string;
  /** The parameters of the joins' ON conditions (the includes' `where`), in the order of `joins`. */
  readonly params: readonly unknown[];

  constructor(
    plan: JoinPlan,
    private readonly list: JoinList,
    /** The rows read so far in this call, by node and key: a row joined to many parents is decoded once. */
    private readonly seen: readonly Map<unknown, Row>[],
  ) {
    this.columns = plan.columns;
    this.joins = plan.joins;
    this.params = plan.params;
  }

  /** Sets `row[INCLUDED]` from the joined columns of `raw`, which start at `offset`. */
  attach(row: Row, raw: readonly unknown[], offset: number): void {
    attachList(this.list, this.seen, row, raw, offset);
  }
}

function attachList(list: JoinList, seenOf: readonly Map<unknown, Row>[], row: Row, raw: readonly unknown[], offset: number): void {
  const { nodes, values } = list;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    // A stored key (or NOT NULL column) is never NULL, so a NULL there means no row was joined.
    const present = raw[offset + n.presentAt];
    if (present === null || present === undefined) {
      values[i] = null;
      continue;
    }
    const { keyAt } = n;
    if (keyAt === undefined) {
      // Its key is not read (keysUnused): a row per parent.
      const child = n.build(raw, offset);
      if (n.children !== undefined) attachList(n.children, seenOf, child, raw, offset);
      values[i] = child;
      continue;
    }
    // Keys as the driver returns them (strings or numbers, not yet decoded): a joined row is
    // decoded once, the first time its key is seen.
    const key = keyAt.length === 1 ? raw[offset + keyAt[0]!] : tupleKey(keyAt.map((k) => raw[offset + k]) as Value[]);
    const seen = seenOf[n.index]!;
    let child = seen.get(key);
    if (child === undefined) {
      child = n.build(raw, offset);
      if (n.children !== undefined) attachList(n.children, seenOf, child, raw, offset);
      seen.set(key, child);
    }
    values[i] = child;
  }
  row[INCLUDED] = list.included(values, 0) as IncludedRows;
}
