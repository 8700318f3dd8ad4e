import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per server instance, so two servers in one process (tests) never share counts. */
export interface HttpMetrics {
  registry: Registry;
  stored: Counter<'source'>;
  duplicates: Counter<'source'>;
  rejected: Counter<'source'>;
  duration: Histogram<'method' | 'route' | 'status'>;
  /** Adds one ingest outcome to the counters. */
  count(source: string, outcome: { stored: number; duplicates: number; rejected: number }): void;
}

/**
 * Distinct `source` label values a server reports; later ones are counted as `other`. A source
 * name comes from the API's ?source=, which any token holder chooses: without a cap every new
 * name would be a new time series in /metrics, for ever.
 */
export const MAX_SOURCE_LABELS = 50;

export function createMetrics(): HttpMetrics {
  const seen = new Set<string>();
  const label = (source: string): string => {
    if (seen.has(source)) return source;
    if (seen.size >= MAX_SOURCE_LABELS) return 'other';
    seen.add(source);
    return source;
  };
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sipbot_' });
  const stored = new Counter({
    name: 'sipbot_calls_stored_total',
    help: 'Call records stored, by source',
    labelNames: ['source'],
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'sipbot_calls_duplicates_total',
    help: 'Call records already stored (retries, re-sent files), by source',
    labelNames: ['source'],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'sipbot_calls_rejected_total',
    help: 'Call records rejected as invalid, by source',
    labelNames: ['source'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'sipbot_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    stored,
    duplicates,
    rejected,
    duration,
    count(name, o) {
      const source = label(name);
      if (o.stored) stored.inc({ source }, o.stored);
      if (o.duplicates) duplicates.inc({ source }, o.duplicates);
      if (o.rejected) rejected.inc({ source }, o.rejected);
    },
  };
}
