import { Counter, Histogram, register } from 'prom-client';

export const routingMetrics = {
  decisions: new Counter({
    name: 'benchpool_routing_decisions_total',
    help: 'Decisions by strategy, whether it explored, and whether it fell back',
    labelNames: ['strategy', 'explored', 'fallback'],
    registers: [register],
  }),
  noEligibleAgent: new Counter({ name: 'benchpool_routing_no_eligible_agent_total', help: 'Decisions with no eligible agent', registers: [register] }),
  decisionDuration: new Histogram({
    name: 'benchpool_routing_decision_duration_seconds',
    help: 'In-process decision time (statistics read + bandit)',
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [register],
  }),
  rewardsApplied: new Counter({ name: 'benchpool_routing_rewards_applied_total', help: 'Rewards applied to posteriors, by result', labelNames: ['result'], registers: [register] }),
  canaryTransitions: new Counter({ name: 'benchpool_routing_canary_transitions_total', help: 'Canary promotions and rollbacks', labelNames: ['kind'], registers: [register] }),
};
