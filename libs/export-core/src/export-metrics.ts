import { Counter, Histogram, register, Registry } from 'prom-client';

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  return (registry.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/**
 * rl-export's metrics. Average batch size = `benchpool_export_batch_records_sum / _count`.
 * Created once per registry (several services may share a process in tests).
 */
export class ExportMetrics {
  /** batches published, by phase and status (ready | rejected). */
  readonly batches: Counter<string>;
  /** shortfalls behind rejected batches, by phase and criterion (minCount, minAgents, privacyBudget, ...). */
  readonly rejections: Counter<string>;
  /** export attempts that threw (retried by the consumer, then dead-lettered), by phase and reason. */
  readonly failures: Counter<string>;
  /** repeated requests answered from the recorded selection. */
  readonly repeats: Counter<string>;
  readonly batchRecords: Histogram<string>;
  readonly batchSeconds: Histogram<string>;

  constructor(registry: Registry = register) {
    this.batches = counter(registry, 'benchpool_export_batches_total', 'Export batches published, by phase and status', ['phase', 'status']);
    this.rejections = counter(registry, 'benchpool_export_rejections_total', 'Rejected export requests, by phase and unmet criterion', ['phase', 'reason']);
    this.failures = counter(registry, 'benchpool_export_failures_total', 'Export attempts that failed, by phase and reason', ['phase', 'reason']);
    this.repeats = counter(registry, 'benchpool_export_repeated_requests_total', 'Requests for a batch that was already selected', ['phase']);
    this.batchRecords =
      (registry.getSingleMetric('benchpool_export_batch_records') as Histogram<string>) ??
      new Histogram({
        name: 'benchpool_export_batch_records',
        help: 'Records per published batch (average = sum / count), by phase',
        labelNames: ['phase'],
        buckets: [10, 100, 500, 1_000, 5_000, 10_000, 20_000, 50_000, 100_000],
        registers: [registry],
      });
    this.batchSeconds =
      (registry.getSingleMetric('benchpool_export_batch_seconds') as Histogram<string>) ??
      new Histogram({
        name: 'benchpool_export_batch_seconds',
        help: 'Time from request to end marker, by phase',
        labelNames: ['phase'],
        buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
        registers: [registry],
      });
  }
}
