/** A MysqlPool wrapper that records every statement sent through the pool or its connections. */
import type { MysqlPool, MysqlStatement } from '../../src/datastore/mysql/index.js';

export interface StatementLog {
  statements: string[];
  /** When present, every statement with its values as well (to re-run it, e.g. under EXPLAIN). */
  executed?: MysqlStatement[];
}

export function countingPool(inner: MysqlPool, log: StatementLog): MysqlPool {
  const record = (s: MysqlStatement): void => {
    log.statements.push(s.sql);
    log.executed?.push(s);
  };
  return {
    limits: inner.limits,
    query: (s) => (record(s), inner.query(s)),
    // The health check's ping runs on a connection of its own, outside the statements counted.
    ping: () => inner.ping(),
    stats: () => inner.stats(),
    getConnection: async (lane) => {
      const c = await inner.getConnection(lane);
      return {
        query: (s) => (record(s), c.query(s)),
        release: () => c.release(),
        destroy: () => c.destroy(),
      };
    },
    end: () => inner.end(),
  };
}
