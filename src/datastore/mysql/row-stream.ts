/**
 * Rows handed on as the driver parses them (MysqlStatement.onRow), instead of collected into one
 * array of them all that the statement's callback gets at the end.
 *
 * Why (issue 17, the benchmark's Q2 at 20,000 employees): a read's driver rows were all alive
 * until its last row had arrived, in one array of 20,000 that is a large object in V8; a scavenge
 * that finds such an array alive promotes it at once, and dead in the old space it kept every
 * driver row it holds alive (and promoted) until the next full collection. Handed on one by one,
 * each driver row is decoded into its Row at once and dies young.
 *
 * mysql2 builds a prepared statement's row parser through the command's `buildParserFromFields`
 * (`new (this.buildParserFromFields(fields, connection))()`, once per result set) and pushes what
 * its `next` returns into the command's `_currentRows`. Both are internals without typings, as
 * the Execute class the pool queues is: where they are not there (a text-protocol query, another
 * driver version) nothing is streamed, and the rows come back in the result as before (SqlSession
 * then hands them on itself).
 */

/** A driver row parser: one row per packet. */
interface RowParser {
  next(packet: unknown, fields: unknown, options: unknown): unknown;
}

type ParserClass = new () => RowParser;

/** The parts of mysql2's Execute command that streaming uses. */
interface StreamableCommand {
  buildParserFromFields?: unknown;
  _currentRows?: unknown;
}

/** The list mysql2 pushes the parsed rows into while they are streamed: it keeps none. */
const KEEPS_NONE = Object.freeze({ push: (): number => 0 });

/** Parses a row with the driver's parser and hands it on; the driver collects `undefined` (or nothing). */
class HandingParser implements RowParser {
  constructor(
    private readonly inner: RowParser,
    private readonly onRow: (row: unknown[]) => void,
  ) {}

  next(packet: unknown, fields: unknown, options: unknown): undefined {
    this.onRow(this.inner.next(packet, fields, options) as unknown[]);
    return undefined;
  }
}

/**
 * Makes `command` (a mysql2 Execute command not yet started) hand each row to `onRow` as it is
 * parsed. False when it cannot (nothing changed): the rows then come in the result. When true,
 * the result's rows are to be ignored (empty, or one `undefined` per row).
 */
export function streamRows(command: object, onRow: (row: unknown[]) => void): boolean {
  const c = command as StreamableCommand;
  const build = c.buildParserFromFields;
  if (typeof build !== 'function') return false;
  c.buildParserFromFields = function (this: StreamableCommand, fields: unknown, connection: unknown): ParserClass {
    const Parser = (build as (fields: unknown, connection: unknown) => ParserClass).call(this, fields, connection);
    // Set just before (resultsetHeader): the list the callback will get, still empty.
    const rows = this._currentRows;
    if (Array.isArray(rows) && rows.length === 0) this._currentRows = KEEPS_NONE;
    // `new` of the bound class: the driver constructs its parser without arguments.
    return HandingParser.bind(null, new Parser(), onRow);
  };
  return true;
}
