/**
 * PERSIST_102, 103: a model imports `ballerina/persist as _` (required). Any other module may be
 * imported, as bal persist allows (`ballerina/time`, `ballerinax/persist.sql`,
 * `ballerina/constraint`, a client module…), under its own name or `_`; a field typed with another
 * module's type is reported by the field-type rule (305/306), not the import.
 */
import { IMPORT_PREFIX, MISSING_PERSIST_IMPORT } from '../../codes.js';
import type { ImportNode } from '../../ast.js';
import type { ValidationRule } from '../context.js';

/** `ballerina/persist`, `ballerinax/persist.sql`. */
export function importPath(node: ImportNode): string {
  const name = node.moduleName.map((n) => n.value).join('.');
  return node.org ? `${node.org.value}/${name}` : name;
}

export const importsRule: ValidationRule = ({ model, report }) => {
  const { document } = model;
  let persistImported = false;
  for (const node of document.imports) {
    const path = importPath(node);
    if (path === 'ballerina/persist') {
      persistImported = true;
      if (!node.prefix)
        report(MISSING_PERSIST_IMPORT, "the persist module must be imported as '_': write 'import ballerina/persist as _;'", node.span);
      else if (node.prefix.value !== '_')
        report(IMPORT_PREFIX, 'persist model definition does not support import prefix', node.prefixClause!);
      continue;
    }
    // The default prefix (`time`, `sql`) is what the model's types and annotations are written with.
    if (node.prefix && node.prefix.value !== '_' && node.prefix.value !== node.moduleName.at(-1)!.value) {
      report(IMPORT_PREFIX, 'persist model definition does not support import prefix', node.prefixClause!);
    }
  }
  if (!persistImported) {
    const first = document.imports[0]?.span ?? document.definitions[0]?.span ?? document.span;
    report(MISSING_PERSIST_IMPORT, "missing import of the persist module: add 'import ballerina/persist as _;'", first);
  }
};
