/** Recorded in every data point's provenance; bump when the join or the metric formulas change. */
export const COLLECTOR_VERSION = 'telemetry-core/1.0.0';
