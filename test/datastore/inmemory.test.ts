import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { describeDatastoreConformance } from './conformance.js';

describeDatastoreConformance('inmemory', async (model) => new InMemoryDatastore(model));
