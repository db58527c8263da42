/** The permission conformance suite over the in-memory datastore. */
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { describePermissionConformance } from './permissions/permission-conformance.js';

describePermissionConformance('inmemory', (model) => createDatastore(model, { datastore: 'inmemory' }));
