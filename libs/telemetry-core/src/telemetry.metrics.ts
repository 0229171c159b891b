import { Counter, Gauge, register, Registry } from 'prom-client';

function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (registry.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

/** Join and turn-handling metrics of execution-telemetry (on the default registry unless told). */
export class TelemetryMetrics {
  /** turns stored for the first time. */
  readonly turnsRecorded: Counter<string>;
  /** identical redeliveries of a part (no-ops), by part. */
  readonly duplicateParts: Counter<string>;
  /** a second, different version of a part: the first is kept, by part. */
  readonly conflictingParts: Counter<string>;
  /** turns after execution.recorded (stage=after-recorded: kept in the point, not in the evaluation) or after the point (stage=after-emitted: dropped). */
  readonly lateTurns: Counter<string>;
  /** non-turn parts arriving after their point was claimed or emitted (redeliveries, stragglers), by part. */
  readonly partsAfterEmission: Counter<string>;
  readonly executionsRecorded: Counter<string>;
  /** execution.recorded published without the task (its task.submitted did not arrive within the record wait). */
  readonly recordedWithoutTask: Counter<string>;
  readonly pointsEmitted: Counter<string>;
  readonly joinTimeouts: Counter<string>;
  /** claims whose lease ran out (claimant died before confirming) and that a sweeper re-published. */
  readonly emissionsRecovered: Counter<string>;
  /** joins whose state expired before they could be emitted (should stay 0: TTL > timeout). */
  readonly joinsExpired: Counter<string>;
  readonly openJoins: Gauge<string>;

  constructor(registry: Registry = register) {
    this.turnsRecorded = counter(registry, 'benchpool_telemetry_turns_recorded_total', 'Execution turns stored for the first time');
    this.duplicateParts = counter(registry, 'benchpool_telemetry_duplicate_parts_total', 'Identical redeliveries of a join part (no-ops), by part', ['part']);
    this.conflictingParts = counter(registry, 'benchpool_telemetry_conflicting_parts_total', 'Second, different versions of a join part (first kept), by part', ['part']);
    this.lateTurns = counter(registry, 'benchpool_telemetry_late_turns_total', 'Turns arriving after execution.recorded or after the data point, by stage', ['stage']);
    this.partsAfterEmission = counter(registry, 'benchpool_telemetry_parts_after_emission_total', 'Parts arriving after their data point was claimed or emitted, by part', ['part']);
    this.executionsRecorded = counter(registry, 'benchpool_telemetry_executions_recorded_total', 'telemetry.execution.recorded events published');
    this.recordedWithoutTask = counter(registry, 'benchpool_telemetry_recorded_without_task_total', 'execution.recorded published without task.submitted, after the record wait');
    this.pointsEmitted = counter(registry, 'benchpool_telemetry_points_emitted_total', 'Data points published on benchmark.datapoint.collected, by status', ['status']);
    this.joinTimeouts = counter(registry, 'benchpool_telemetry_join_timeouts_total', 'Joins emitted as incomplete after the join timeout');
    this.emissionsRecovered = counter(registry, 'benchpool_telemetry_emissions_recovered_total', 'Unconfirmed emissions re-published after their lease');
    this.joinsExpired = counter(registry, 'benchpool_telemetry_joins_expired_total', 'Joins whose Redis state expired before emission');
    this.openJoins =
      (registry.getSingleMetric('benchpool_telemetry_open_joins') as Gauge<string>) ??
      new Gauge({ name: 'benchpool_telemetry_open_joins', help: 'Joins not yet confirmed as emitted (sampled by the sweeper)', registers: [registry] });
  }
}
