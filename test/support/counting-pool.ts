/** A MysqlPool wrapper that records every statement sent through the pool or its connections. */
import type { MysqlPool } from '../../src/datastore/mysql/index.js';

export interface StatementLog {
  statements: string[];
}

export function countingPool(inner: MysqlPool, log: StatementLog): MysqlPool {
  return {
    query: (s) => (log.statements.push(s.sql), inner.query(s)),
    getConnection: async () => {
      const c = await inner.getConnection();
      return {
        query: (s) => (log.statements.push(s.sql), c.query(s)),
        release: () => c.release(),
        destroy: () => c.destroy(),
      };
    },
    end: () => inner.end(),
  };
}
