/**
 * Regret of the router against the oracle (the best hidden agent per task), and — counterfactually,
 * from the hidden model — what uniform random routing and round-robin routing would have lost on
 * the same task stream. Regret is measured on expected values (success probabilities), not on the
 * sampled outcomes, so it shows the policy's choices without the outcome noise.
 */
export interface AgentValue {
  agentId: string;
  value: number;
}

export interface RegretInput {
  taskIndex: number;
  segment: string;
  /** every agent eligible for the task with its expected value at this task */
  eligible: AgentValue[];
  /** null when routing found no eligible agent */
  chosenAgentId: string | null;
  /** expected value of the chosen agent at the version that ran */
  chosenValue: number;
}

export interface RegretPoint {
  task: number;
  policy: number;
  random: number;
  roundRobin: number;
}

export interface RegretReport {
  tasks: number;
  decided: number;
  noAgent: number;
  oracleValue: number;
  policyValue: number;
  cumulative: { policy: number; random: number; roundRobin: number };
  /** policy regret ÷ random regret (lower is better; null when random loses nothing) */
  ratioVsRandom: number | null;
  ratioVsRoundRobin: number | null;
  curve: RegretPoint[];
  bySegment: Record<string, { tasks: number; policy: number; random: number; roundRobin: number }>;
}

/**
 * @param agentOrder every agent in registration order: round-robin walks it and skips agents that
 *   are not eligible for the task.
 */
export function computeRegret(inputs: readonly RegretInput[], agentOrder: readonly string[], curvePoints = 50): RegretReport {
  const ordered = [...inputs].sort((left, right) => left.taskIndex - right.taskIndex);
  const decided = ordered.filter((input) => input.chosenAgentId !== null && input.eligible.length > 0);
  let policy = 0;
  let random = 0;
  let roundRobin = 0;
  let oracleValue = 0;
  let policyValue = 0;
  let pointer = 0;
  const curve: RegretPoint[] = [];
  const every = Math.max(1, Math.ceil(decided.length / curvePoints));
  const bySegment: RegretReport['bySegment'] = {};
  decided.forEach((input, position) => {
    const best = Math.max(...input.eligible.map((agent) => agent.value));
    const mean = input.eligible.reduce((sum, agent) => sum + agent.value, 0) / input.eligible.length;
    // round robin: the next agent in registration order, from where the last pick left off, that is eligible
    let roundRobinValue = mean;
    for (let step = 0; step < agentOrder.length; step++) {
      const candidate = agentOrder[(pointer + step) % agentOrder.length];
      const eligible = input.eligible.find((agent) => agent.agentId === candidate);
      if (eligible) {
        roundRobinValue = eligible.value;
        pointer = (pointer + step + 1) % agentOrder.length;
        break;
      }
    }
    const policyLoss = best - input.chosenValue;
    policy += policyLoss;
    random += best - mean;
    roundRobin += best - roundRobinValue;
    oracleValue += best;
    policyValue += input.chosenValue;
    const segment = (bySegment[input.segment] ??= { tasks: 0, policy: 0, random: 0, roundRobin: 0 });
    segment.tasks++;
    segment.policy += policyLoss;
    segment.random += best - mean;
    segment.roundRobin += best - roundRobinValue;
    if ((position + 1) % every === 0 || position === decided.length - 1) {
      curve.push({ task: input.taskIndex, policy: round(policy), random: round(random), roundRobin: round(roundRobin) });
    }
  });
  for (const segment of Object.values(bySegment)) {
    segment.policy = round(segment.policy);
    segment.random = round(segment.random);
    segment.roundRobin = round(segment.roundRobin);
  }
  return {
    tasks: inputs.length,
    decided: decided.length,
    noAgent: inputs.filter((input) => input.chosenAgentId === null).length,
    oracleValue: round(oracleValue),
    policyValue: round(policyValue),
    cumulative: { policy: round(policy), random: round(random), roundRobin: round(roundRobin) },
    ratioVsRandom: random > 0 ? round(policy / random) : null,
    ratioVsRoundRobin: roundRobin > 0 ? round(policy / roundRobin) : null,
    curve,
  bySegment,
  };
}

export interface ShareWindow {
  fromTask: number;
  toTask: number;
  decided: number;
  shares: Record<string, number>;
}

/** Routing share per agent in consecutive windows of task indices (null decisions excluded). */
export function routingShareOverTime(
  choices: ReadonlyArray<{ taskIndex: number; agentId: string | null }>,
  agentIds: readonly string[],
  windows = 20,
): ShareWindow[] {
  if (choices.length === 0) return [];
  const ordered = [...choices].sort((left, right) => left.taskIndex - right.taskIndex);
  const size = Math.max(1, Math.ceil(ordered.length / windows));
  const result: ShareWindow[] = [];
  for (let start = 0; start < ordered.length; start += size) {
    const slice = ordered.slice(start, start + size);
    const decided = slice.filter((choice) => choice.agentId !== null);
    const shares: Record<string, number> = Object.fromEntries(agentIds.map((agentId) => [agentId, 0]));
    for (const choice of decided) shares[choice.agentId as string] = (shares[choice.agentId as string] ?? 0) + 1;
    for (const agentId of Object.keys(shares)) shares[agentId] = decided.length ? round(shares[agentId] / decided.length) : 0;
    result.push({ fromTask: slice[0].taskIndex, toTask: slice[slice.length - 1].taskIndex, decided: decided.length, shares });
  }
  return result;
}

/**
 * Adaptation after a change: the number of tasks of `segment` from `fromTask` on until the rolling
 * share of `agentId` (over the last `window` tasks of the segment) first reaches half of its optimal
 * share. null when it never does.
 */
export function tasksToAdapt(
  choices: ReadonlyArray<{ taskIndex: number; segment: string; agentId: string | null }>,
  segment: string,
  agentId: string,
  fromTask: number,
  optimalShare = 1,
  window = 20,
): number | null {
  const after = choices
    .filter((choice) => choice.segment === segment && choice.taskIndex >= fromTask && choice.agentId !== null)
    .sort((left, right) => left.taskIndex - right.taskIndex);
  const recent: boolean[] = [];
  for (let position = 0; position < after.length; position++) {
    recent.push(after[position].agentId === agentId);
    if (recent.length > window) recent.shift();
    const share = recent.filter(Boolean).length / window;
    if (recent.length === window && share >= optimalShare / 2) return position + 1;
  }
  return null;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
