/** A MysqlPool wrapper that records every statement sent through the pool or its connections. */
import type { MysqlPool } from '../../src/datastore/mysql/index.js';

export interface StatementLog {
  statements: string[];
}

export function countingPool(inner: MysqlPool, log: StatementLog): MysqlPool {
  return {
    limits: inner.limits,
    query: (s) => (log.statements.push(s.sql), inner.query(s)),
    // The health check's ping runs on a connection of its own, outside the statements counted.
    ping: () => inner.ping(),
    stats: () => inner.stats(),
    getConnection: async (lane) => {
      const c = await inner.getConnection(lane);
      return {
        query: (s) => (log.statements.push(s.sql), c.query(s)),
        release: () => c.release(),
        destroy: () => c.destroy(),
      };
    },
    end: () => inner.end(),
  };
}
