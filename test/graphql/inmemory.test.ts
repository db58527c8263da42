/** The GraphQL conformance suite over the in-memory datastore. */
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { describeGraphqlConformance } from './conformance.js';

describeGraphqlConformance('inmemory', (model) => createDatastore(model, { datastore: 'inmemory' }));
