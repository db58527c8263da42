/** What every suite run over each backend is given: the backend under test as a factory. */
import type { Datastore } from '../../src/datastore/datastore.js';
import type { ModelIR } from '../../src/model/ir.js';

/** Opens a fresh, empty datastore for a model (the backend under test); the suite closes it. */
export type OpenDatastore = (model: ModelIR) => Promise<Datastore>;
