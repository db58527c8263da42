/** What the MySQL read functions (sql-reads.ts and its neighbours) need of their datastore. */
import type { ModelIR } from '../../model/ir.js';
import type { EntitySql } from './entity-sql.js';
import type { SqlSession } from './sql-session.js';
import type { SchemaFacts } from './written-rows.js';

export interface ReadContext {
  readonly model: ModelIR;
  meta(entity: string): EntitySql;
  /** `@@max_allowed_packet`, read once: no statement may be longer. */
  maxPacketBytes(session: SqlSession): Promise<number>;
  /** What the database says about its FOREIGN KEYs, triggers and collations, read once (written-rows.ts). */
  schemaFacts(): Promise<SchemaFacts>;
}
