/** The `metrics` server option of the `persist.metrics` settings (unset: the server's default, on at /metrics). */
import type { MetricsConfig } from '../config/persist-config.js';

export function metricsSetting(config: MetricsConfig | undefined): { metrics?: { path: string } | false } {
  if (config === undefined) return {};
  return { metrics: config.enabled ? { path: config.path } : false };
}
