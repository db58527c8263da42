/**
 * Loads sample data into any datastore: the rows of every entity, parents before children, in one
 * transaction, through the datastore's ordinary insert (so through the same checks).
 */
import type { ModelIR } from '../model/ir.js';
import { PersistError } from '../errors.js';
import type { Datastore, Row } from './datastore.js';
import { parentFirstOrder } from '../model/parent-first-order.js';

/**
 * Inserts `data` (rows per entity name) parents first; all or nothing. Entities with no rows are
 * skipped. An entity name the model does not have is BAD_USER_INPUT.
 */
export async function seedDatastore(datastore: Datastore, model: ModelIR, data: Readonly<Record<string, readonly Row[]>>): Promise<void> {
  const known = new Set(model.entities.map((e) => e.name));
  for (const name of Object.keys(data)) {
    if (!known.has(name)) {
      throw new PersistError(
        'BAD_USER_INPUT',
        `The sample data names the entity '${name}', which the model does not declare (entities: ${[...known].join(', ')}).`,
      );
    }
  }
  await datastore.transaction(async (tx) => {
    for (const entity of parentFirstOrder(model)) {
      const rows = data[entity.name];
      if (rows && rows.length > 0) await tx.insert(entity.name, rows);
    }
  });
}
