import { Counter, Histogram, register, Registry } from 'prom-client';

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  return (registry.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/** Consumer and producer metrics, labelled by logical topic. */
export class KafkaMetrics {
  readonly consumed: Counter<string>;
  readonly failed: Counter<string>;
  readonly deadLettered: Counter<string>;
  readonly invalidDelivered: Counter<string>;
  readonly produced: Counter<string>;
  readonly handlerDuration: Histogram<string>;

  constructor(registry: Registry = register) {
    this.consumed = counter(registry, 'benchpool_kafka_consumed_total', 'Records consumed, by topic', ['topic']);
    this.failed = counter(registry, 'benchpool_kafka_failed_total', 'Handler attempts that threw, by topic and kind', ['topic', 'kind']);
    this.deadLettered = counter(registry, 'benchpool_kafka_dead_lettered_total', 'Records sent to the DLQ, by topic and reason class', ['topic', 'reason']);
    this.invalidDelivered = counter(registry, 'benchpool_kafka_invalid_delivered_total',
      'Records whose data broke the contract, handed to a handler that judges such data itself, by topic', ['topic']);
    this.produced = counter(registry, 'benchpool_kafka_produced_total', 'Records produced, by topic', ['topic']);
    this.handlerDuration =
      (registry.getSingleMetric('benchpool_kafka_handler_duration_seconds') as Histogram<string>) ??
      new Histogram({
        name: 'benchpool_kafka_handler_duration_seconds',
        help: 'Handler latency, by topic',
        labelNames: ['topic'],
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      });
  }
}
