/** The SQL generator of `persist generate`: `script.sql`, the MySQL DDL as bal persist writes it. */
import type { GeneratedFile, GenerateOptions } from '../generator.js';
import type { ModelIR } from '../../model/ir.js';
import { generateScriptSql } from './script-sql.js';

export { generateScriptSql, tableDefinitions, tableDefinition, type TableDefinition } from './script-sql.js';
export { columnType, FRACTIONAL_SECOND_DIGITS } from './column-types.js';

/** `script.sql` for the model (what `persist push` runs for MySQL); none when `options.sqlScript` is false (a datastore that is no SQL database). */
export function generateScriptSqlFile(model: ModelIR, options?: GenerateOptions): GeneratedFile[] {
  if (options?.sqlScript === false) return [];
  return [{ path: 'script.sql', contents: generateScriptSql(model) }];
}
