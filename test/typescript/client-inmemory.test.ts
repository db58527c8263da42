/** The client suite on the embedded in-memory datastore. */
import { vi } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { describeClientAs } from './client-as.js';
import { describeClientSuite } from './client-suite.js';
import { describeClientWrites } from './client-writes.js';
import { describeWhereConformance } from './where-conformance.js';

// Generated code imports the package's self-reference `persist/runtime`; resolve it to the
// runtime's source so that the suite never runs a stale build (and shares its error classes).
vi.mock('persist/runtime', () => import('../../src/client/index.js'));

describeClientSuite('inmemory', (model) => createDatastore(model, { datastore: 'inmemory' }));
describeWhereConformance('inmemory', (model) => createDatastore(model, { datastore: 'inmemory' }));
describeClientAs('inmemory', (model) => createDatastore(model, { datastore: 'inmemory' }));
describeClientWrites('inmemory', (model) => createDatastore(model, { datastore: 'inmemory' }));
