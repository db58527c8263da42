/** The server layer: a Yoga GraphQL server over a model and a datastore. */
export { createServer, type PersistServer, type PersistYoga, type ServerOptions } from './create-server.js';
export { HEALTH_PATH, LIVENESS_PATH } from './plugins/datastore-health.js';
export { alwaysAdmin, type Authenticate, type RequestHeaders } from './session-refusal.js';
