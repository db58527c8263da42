/** The SQL generator of `persist generate`: `script.sql`, the MySQL DDL as bal persist writes it. */
import type { GeneratedFile } from '../generator.js';
import type { ModelIR } from '../../model/ir.js';
import { generateScriptSql } from './script-sql.js';

export { generateScriptSql, tableDefinitions, tableDefinition, type TableDefinition } from './script-sql.js';
export { columnType, FRACTIONAL_SECOND_DIGITS } from './column-types.js';

/** `script.sql` for the model (written for every datastore: it is what `persist push` runs). */
export function generateScriptSqlFile(model: ModelIR): GeneratedFile[] {
  return [{ path: 'script.sql', contents: generateScriptSql(model) }];
}
