/** The role datastore's suite (role-suite.ts) over the in-memory store. */
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { useStores } from '../datastore/conformance/context.js';
import { describeRoleDatastore } from './role-suite.js';

describeRoleDatastore(useStores(async (model) => new InMemoryDatastore(model)));
