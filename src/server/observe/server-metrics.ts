/**
 * The server's Prometheus metrics (prom-client), one registry per server:
 * - `persist_http_requests_total{route, transport, status}`: answered requests;
 * - `persist_http_request_duration_seconds{route, transport}`: how long each took to answer;
 * - `persist_graphql_errors_total{code}`: errors in answers, by `extensions.code`;
 * - `persist_datastore_pool_connections{state}` (`in_use`, `idle`, `queued`) and
 *   `persist_datastore_pool_limit`, for a datastore with a pool (Datastore.poolStats);
 * - prom-client's default process metrics (CPU, memory, event loop lag, GC), prefixed `persist_`.
 * Labels are bounded: `route` is the kind of path (graphql, health, metrics, other), never the
 * path itself; an error code outside the first MAX_CODES distinct ones counts as `OTHER`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Datastore } from '../../datastore/datastore.js';
import type { Transport } from './request-record.js';

export type Route = 'graphql' | 'health' | 'metrics' | 'other';

const MAX_CODES = 64;
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The requests of one route, transport and status answered since the counter was last read. */
interface Uncounted {
  counter: Counter.Internal;
  count: number;
}

/** The label children of one route and transport. */
interface Children {
  byStatus: Map<number, Uncounted>;
  duration: Histogram.Internal<'route' | 'transport'>;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'transport' | 'status'>;
  private readonly duration: Histogram<'route' | 'transport'>;
  private readonly errors: Counter<'code'>;
  // Label children by route and transport, then status: found once, then incremented without
  // building label objects or key strings per request.
  private readonly children = new Map<Route, Map<Transport, Children>>();
  private readonly codes = new Set<string>();

  constructor(datastore: Datastore) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'persist_http_requests_total',
      help: 'HTTP requests answered, by kind of path, the path that answered them (lean, yoga, server) and status.',
      labelNames: ['route', 'transport', 'status'],
      registers,
      // Requests are counted in plain numbers (observe) and added to the counter whenever it is read.
      collect: () => this.addUncounted(),
    });
    this.duration = new Histogram({
      name: 'persist_http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to the end of its answer.',
      labelNames: ['route', 'transport'],
      buckets: BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'persist_graphql_errors_total',
      help: 'Errors in GraphQL answers, by extensions.code.',
      labelNames: ['code'],
      registers,
    });
    const stats = datastore.poolStats?.bind(datastore);
    if (stats !== undefined) {
      new Gauge({
        name: 'persist_datastore_pool_connections',
        help: "The datastore pool's connections: in_use, idle, and requests queued for one.",
        labelNames: ['state'],
        registers,
        collect() {
          const now = stats();
          this.set({ state: 'in_use' }, now.inUse);
          this.set({ state: 'idle' }, now.idle);
          this.set({ state: 'queued' }, now.queued);
        },
      });
      new Gauge({
        name: 'persist_datastore_pool_limit',
        help: 'Connections the datastore pool opens at most.',
        registers,
        collect() {
          this.set(stats().limit);
        },
      });
    }
    collectDefaultMetrics({ register: this.registry, prefix: 'persist_' });
  }

  /** Counts one answered request. */
  observe(route: Route, transport: Transport, status: number, seconds: number, errorCodes: readonly string[]): void {
    const children = this.childrenOf(route, transport);
    let uncounted = children.byStatus.get(status);
    if (uncounted === undefined)
      children.byStatus.set(status, (uncounted = { counter: this.requests.labels(route, transport, String(status)), count: 0 }));
    uncounted.count++;
    children.duration.observe(seconds);
    for (const code of errorCodes) this.errors.inc({ code: this.codeLabel(code) });
  }

  /**
   * Adds the requests counted since the last read to the counter (prom-client calls this before
   * it reads the counter's values): the counter's label hashing and checks once per read and
   * label set, not once per request.
   */
  private addUncounted(): void {
    for (const byTransport of this.children.values())
      for (const children of byTransport.values())
        for (const uncounted of children.byStatus.values()) {
          if (uncounted.count === 0) continue;
          uncounted.counter.inc(uncounted.count);
          uncounted.count = 0;
        }
  }

  private childrenOf(route: Route, transport: Transport): Children {
    let byTransport = this.children.get(route);
    if (byTransport === undefined) this.children.set(route, (byTransport = new Map<Transport, Children>()));
    let children = byTransport.get(transport);
    if (children === undefined)
      byTransport.set(transport, (children = { byStatus: new Map(), duration: this.duration.labels(route, transport) }));
    return children;
  }

  private codeLabel(code: string): string {
    if (this.codes.has(code)) return code;
    if (!CODE.test(code) || this.codes.size >= MAX_CODES) return 'OTHER';
    this.codes.add(code);
    return code;
  }

  /** The metrics in Prometheus' text format, and its content type. */
  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
