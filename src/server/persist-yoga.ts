/**
 * The type of the server's Yoga instance, in a file of its own: the server factory
 * (create-server.ts) makes it and the lean HTTP handler hands requests to it, and neither imports
 * the other.
 */
import type { YogaServerInstance } from 'graphql-yoga';
import type { PersistContext } from '../graphql/index.js';

/** The Yoga instance of a Persist server: its context holds the request's `persist` state. */
export type PersistYoga = YogaServerInstance<Record<string, unknown>, PersistContext>;
