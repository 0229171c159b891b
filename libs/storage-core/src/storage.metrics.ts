import { Counter, Histogram, register, Registry } from 'prom-client';

function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (registry.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

function histogram(registry: Registry, name: string, help: string, labelNames: string[], buckets: number[]): Histogram<string> {
  return (registry.getSingleMetric(name) as Histogram<string>) ?? new Histogram({ name, help, labelNames, buckets, registers: [registry] });
}

/** storage-tiering's own metrics (the Kafka ones come from @benchpool/kafka), on the default registry. */
export class StorageMetrics {
  readonly pointsStored: Counter<string>;
  readonly duplicatesIgnored: Counter<string>;
  readonly pointsRecovered: Counter<string>;
  readonly bulkBatchSize: Histogram<string>;
  readonly batchesSettled: Counter<string>;
  readonly retentionPoints: Counter<string>;
  readonly retentionRuns: Counter<string>;
  readonly exportsMarked: Counter<string>;
  readonly quarantinesCounted: Counter<string>;
  readonly feedbackReports: Counter<string>;
  readonly apiRequests: Counter<string>;
  readonly apiDuration: Histogram<string>;

  constructor(registry: Registry = register) {
    this.pointsStored = counter(registry, 'benchpool_storage_points_stored_total', 'Data points stored (inserted into warm, counted in hot and cold)');
    this.duplicatesIgnored = counter(registry, 'benchpool_storage_duplicates_ignored_total', 'Redelivered data points already stored, left untouched');
    this.pointsRecovered = counter(registry, 'benchpool_storage_points_recovered_total', 'Points of interrupted batches whose tiers were completed by recovery', ['by']);
    this.bulkBatchSize = histogram(registry, 'benchpool_storage_bulk_batch_size', 'Documents per warm bulk insert', [], [1, 5, 10, 25, 50, 100, 250, 500]);
    this.batchesSettled = counter(registry, 'benchpool_storage_batches_settled_total', 'Committed storage batches whose tokens were pulled from the cold tier');
    this.retentionPoints = counter(registry, 'benchpool_storage_retention_points_total', 'Retention: warm points moved to cold / deleted, cold aggregates deleted', ['action']);
    this.retentionRuns = counter(registry, 'benchpool_storage_retention_runs_total', 'Retention runs by outcome', ['outcome']);
    this.exportsMarked = counter(registry, 'benchpool_storage_exports_marked_total', 'Data points marked exported by rl.export.completed');
    this.quarantinesCounted = counter(registry, 'benchpool_storage_quarantines_counted_total', 'Quarantined data points counted (first delivery only)');
    this.feedbackReports = counter(registry, 'benchpool_storage_feedback_reports_total', 'agent.feedback.reported events published');
    this.apiRequests = counter(registry, 'benchpool_storage_api_requests_total', 'Query API requests by route and status', ['method', 'route', 'status']);
    this.apiDuration = histogram(registry, 'benchpool_storage_api_request_duration_seconds', 'Query API latency by route', ['route'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);
  }
}

/** The logging the lib needs; a service passes its JSON logger. */
export interface StorageLogger {
  log(message: string, context?: string): void;
  warn(message: string, context?: string): void;
  error(message: string, trace?: string, context?: string): void;
}

export const silentLogger: StorageLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
