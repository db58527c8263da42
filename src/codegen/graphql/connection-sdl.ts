/**
 * The cursor-pagination part of the SDL (SPEC §3.4) for one visible entity: `EConnection` and
 * `EEdge`, the shared `PageInfo`, and the Query and relation fields that return them.
 */
import type { RelationFieldIR } from '../../model/ir.js';
import { entityNames, PAGE_INFO_TYPE, relationConnectionName } from './graphql-names.js';
import type { VisibleEntity } from './schema-view.js';
import { block, description } from './sdl-text.js';

/** The output types of one entity's connections: EConnection and EEdge. */
export function connectionTypes(v: VisibleEntity): string[] {
  const e = v.entity.name;
  const n = entityNames(v.entity);
  return [
    description(`A page of ${e} rows (a Relay connection): the rows, with a cursor each, and where the page stands.`) +
      block('type', n.connectionType, [
        '"""The rows of the page with their cursors, in order."""',
        `edges: [${n.edgeType}!]!`,
        '"""The rows of the page, in order (the edges\' nodes)."""',
        `nodes: [${e}!]!`,
        `pageInfo: ${PAGE_INFO_TYPE}!`,
        '"""The number of rows matching `where`, whatever the cursors and the page size."""',
        'totalCount: Int!',
      ]),
    block('type', n.edgeType, [
      '"""Pass it as `after` (or `before`) with the same `orderBy` to page on from this row."""',
      'cursor: String!',
      `node: ${e}!`,
    ]),
  ];
}

/** PageInfo, shared by every connection. */
export function pageInfoType(): string {
  return (
    description('Where a page stands among the rows matching its `where`.') +
    block('type', PAGE_INFO_TYPE, [
      '"""A matching row comes after the page\'s last row."""',
      'hasNextPage: Boolean!',
      '"""A matching row comes before the page\'s first row."""',
      'hasPreviousPage: Boolean!',
      '"""The cursor of the page\'s first row; null for an empty page."""',
      'startCursor: String',
      '"""The cursor of the page\'s last row; null for an empty page."""',
      'endCursor: String',
    ])
  );
}

/** `(where, orderBy, first, after, last, before)`; `orderBy` is the target's orderBy argument text, or empty. */
function connectionArguments(v: VisibleEntity, orderBy: string): string {
  return `(where: ${entityNames(v.entity).whereInput}, ${orderBy}first: Int, after: String, last: Int, before: String)`;
}

/** Query.esConnection. */
export function connectionQueryLines(v: VisibleEntity, orderBy: string): string[] {
  const n = entityNames(v.entity);
  return [
    `"""A page of the ${v.entity.name} rows matching \`where\`, sorted by \`orderBy\` then by key: the \`first\` rows after the cursor \`after\`, or the \`last\` rows before \`before\`."""`,
    `${n.connection}${connectionArguments(v, orderBy)}: ${n.connectionType}!`,
  ];
}

/** The per-parent connection beside a 1-n relation field: `employeesConnection(...): EmployeeConnection!`. */
export function relationConnectionLine(field: RelationFieldIR, target: VisibleEntity, orderBy: string): string {
  return `${relationConnectionName(field.name)}${connectionArguments(target, orderBy)}: ${entityNames(target.entity).connectionType}!`;
}
