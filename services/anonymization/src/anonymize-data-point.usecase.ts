import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register } from 'prom-client';
import {
  DataPointAnonymizer, DEFAULT_ANONYMIZATION_POLICY, observeDataPointMetrics, parseAnonymizationPolicy, PrivacyScanner,
  redactFindings, RollingQuantiles, TenantHasher, validateDataPoint, VALIDATION_GATES,
} from '@benchpool/anonymization-core';
import type { BenchmarkDataPoint, DatapointCollectedV1, DatapointQuarantinedV1, ValidationReport } from '@benchpool/contracts';
import { SERVICE_CONFIG } from '@benchpool/service-kit';
import type { AnonymizationConfig } from './anonymization.config';

export type AnonymizationOutcome =
  | { kind: 'stored'; point: BenchmarkDataPoint }
  | { kind: 'quarantined'; event: DatapointQuarantinedV1 };

const outcomes = new Counter({ name: 'benchpool_anonymization_points_total', help: 'Points by validation outcome (valid, rlReady, quarantined)', labelNames: ['outcome'], registers: [register] });
const gateIssues = new Counter({ name: 'benchpool_anonymization_gate_issues_total', help: 'Validation issues by gate and severity', labelNames: ['gate', 'severity'], registers: [register] });
const entities = new Counter({ name: 'benchpool_anonymization_entities_redacted_total', help: 'Redacted entities by type', labelNames: ['type'], registers: [register] });
const validShare = new Gauge({ name: 'benchpool_anonymization_valid_ratio', help: 'Share of points not quarantined since start', registers: [register] });
const duration = new Histogram({ name: 'benchpool_anonymization_duration_seconds', help: 'Validate + scrub time per point', buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05], registers: [register] });
for (const gate of VALIDATION_GATES) for (const severity of ['error', 'warning']) gateIssues.inc({ gate, severity }, 0);

/**
 * The only door into storage: scrub first (so nothing raw can leave, even to quarantine), then
 * validate the scrubbed point — the privacy gate re-scans it with an independent detector set.
 */
@Injectable()
export class AnonymizeDataPointUseCase {
  private readonly anonymizer: DataPointAnonymizer;
  private readonly scanner: PrivacyScanner;
  private readonly hasher: TenantHasher;
  private readonly quantiles = new RollingQuantiles();
  private seen = 0;
  private accepted = 0;

  constructor(@Inject(SERVICE_CONFIG) config: AnonymizationConfig) {
    const policy = config.ANONYMIZATION_POLICY ? parseAnonymizationPolicy(JSON.parse(config.ANONYMIZATION_POLICY)) : DEFAULT_ANONYMIZATION_POLICY;
    this.scanner = new PrivacyScanner({ types: policy.enabledEntityTypes, keepNonIdentifyingAddresses: policy.keepNonIdentifyingAddresses });
    this.hasher = new TenantHasher({
      activeKeyId: config.ANONYMIZATION_KEY_ID,
      keys: { [config.ANONYMIZATION_KEY_ID]: config.ANONYMIZATION_HMAC_KEY },
    });
    this.anonymizer = new DataPointAnonymizer(policy, this.hasher);
  }

  /** The keyed hash of a tenant id, as every stored point carries it. */
  tenantHash(tenantId: string): string {
    return this.hasher.hash(tenantId);
  }

  /**
   * @param contractErrors set when the point broke the topic's contract at the Kafka edge: such a
   *   point is still scrubbed and judged by the gates (completeness, types name what is wrong), and
   *   it is quarantined whatever they say — it never reaches storage.
   */
  execute(collected: DatapointCollectedV1, contractErrors?: readonly string[]): AnonymizationOutcome {
    const stopTimer = duration.startTimer();
    const { point, redaction } = this.anonymizer.anonymize<BenchmarkDataPoint>(collected);
    const report: ValidationReport = validateDataPoint(point, { scanner: this.scanner, quantiles: this.quantiles });
    if (contractErrors?.length && report.outcome !== 'quarantined') {
      report.outcome = 'quarantined';
      report.issues.push({ gate: 'types', severity: 'error', blockRL: true, message: `breaks the contract: ${contractErrors.join('; ')}` });
    }
    stopTimer();
    for (const [type, count] of Object.entries(redaction.entities)) entities.inc({ type }, count);
    for (const issue of report.issues) gateIssues.inc({ gate: issue.gate, severity: issue.severity });
    outcomes.inc({ outcome: report.outcome });
    this.seen++;
    const withRecords: BenchmarkDataPoint = {
      ...point,
      rlReady: report.outcome === 'rlReady',
      provenance: { ...point.provenance, redaction, validation: report },
    };
    if (report.outcome === 'quarantined') {
      validShare.set((this.accepted / this.seen) || 0);
      // what the independent scan still flags is masked too: the quarantine topic never carries it
      const masked = redactFindings(withRecords, this.scanner.scan(withRecords));
      // without a usable id, a digest of the raw input keys it: stable across redeliveries, reveals nothing
      const taskId = typeof point.id === 'string' && point.id !== '' ? point.id : `unidentified-${createHash('sha256').update(JSON.stringify(collected)).digest('hex').slice(0, 24)}`;
      return { kind: 'quarantined', event: { taskId, report: { ...report, outcome: 'quarantined' }, point: masked } };
    }
    this.accepted++;
    validShare.set(this.accepted / this.seen);
    observeDataPointMetrics(point, this.quantiles);
    return { kind: 'stored', point: withRecords };
  }
}
