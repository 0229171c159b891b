import { hashFraction } from './canonical-json';
import { PREFERENCE_REWARD_MARGIN, REBALANCE_MAX_RATIO, ResolvedCriteria } from './export-criteria';
import type { PointFacts } from './stored-datapoint';

/** What selection knows of one stored point (read once, in the first pass over the data). */
export interface ExportCandidate extends PointFacts {
  promptHash: string;
  /** SFT / preference need a completion (messages or diff). */
  hasCompletion: boolean;
  /** turn-level needs at least one step. */
  stepCount: number;
}

/** One row of the batch: a point, or for preference a chosen/rejected pair. */
export interface SelectedItem {
  id: string;
  rejectedId?: string;
  split: 'train' | 'eval';
}

export interface Shortfall {
  /** the criterion that was not met: minCount, minTaskTypes, minAgents, fullTaskDistribution, maxCount, privacyBudget. */
  criterion: string;
  required: number | string;
  actual: number | string;
  message: string;
}

export interface SelectionCounts {
  /** points in the time window matching the task type / agent filters. */
  candidates: number;
  /** of those, the points that meet the quality rule and have what the phase's format needs. */
  eligible: number;
  belowQuality: number;
  failuresExcluded: number;
  missingCompletion: number;
  missingTurns: number;
  duplicatesRemoved: number;
  /** removed by stratified rebalancing or maxCount. */
  rebalancedAway: number;
  /** preference: pairs that could be mined before rebalancing. */
  pairsMined?: number;
  selected: number;
  train: number;
  eval: number;
}

export interface Selection {
  items: SelectedItem[];
  /** the points behind the items, by id (both sides of a pair). */
  points: Map<string, ExportCandidate>;
  counts: SelectionCounts;
  shortfalls: Shortfall[];
  ordering: string;
}

export interface SelectionContext {
  /** curriculum: the task types present in the window before any quality filter. */
  windowTaskTypes?: string[];
}

/** Whether a point can be in a batch of these criteria at all (before de-duplication and rebalancing). */
export function isEligible(candidate: ExportCandidate, criteria: ResolvedCriteria): boolean {
  if (criteria.phase === 'preference') return candidate.hasCompletion && (candidate.success || criteria.includeFailures);
  if (!candidate.success && !criteria.includeFailures) return false;
  if (candidate.success && candidate.quality < criteria.minQuality) return false;
  if ((criteria.phase === 'sft' || criteria.phase === 'curriculum') && !candidate.hasCompletion) return false;
  return !(criteria.phase === 'turn-level' && candidate.stepCount === 0);
}

const COMPLEXITY_RANK: Record<string, number> = { trivial: 0, standard: 1, complex: 2 };

/**
 * Deterministic selection: the same candidates and criteria always give the same items in the
 * same order (ties are broken by hashes of ids, never by arrival order or randomness).
 */
export function selectBatch(candidates: ExportCandidate[], criteria: ResolvedCriteria, context: SelectionContext = {}): Selection {
  return criteria.phase === 'preference' ? selectPreferencePairs(candidates, criteria) : selectPoints(candidates, criteria, context);
}

function selectPoints(candidates: ExportCandidate[], criteria: ResolvedCriteria, context: SelectionContext): Selection {
  const counts = emptyCounts(candidates.length);
  const eligible: ExportCandidate[] = [];
  for (const candidate of candidates) {
    if (!candidate.success && !criteria.includeFailures) counts.failuresExcluded += 1;
    // failures, when asked for, come whatever their quality: they teach what not to do
    else if (candidate.success && candidate.quality < criteria.minQuality) counts.belowQuality += 1;
    else if ((criteria.phase === 'sft' || criteria.phase === 'curriculum') && !candidate.hasCompletion) counts.missingCompletion += 1;
    else if (criteria.phase === 'turn-level' && candidate.stepCount === 0) counts.missingTurns += 1;
    else eligible.push(candidate);
  }
  counts.eligible = eligible.length;

  // de-duplicate by normalised prompt: keep the best, then freshest answer
  const byPrompt = new Map<string, ExportCandidate>();
  for (const candidate of eligible) {
    const kept = byPrompt.get(candidate.promptHash);
    if (!kept || compareBest(candidate, kept) < 0) byPrompt.set(candidate.promptHash, candidate);
  }
  const unique = [...byPrompt.values()];
  counts.duplicatesRemoved = eligible.length - unique.length;

  const chosen = rebalance(unique, criteria, (candidate) => `${candidate.taskType}|${candidate.complexity}`, compareFreshness);
  counts.rebalancedAway = unique.length - chosen.length;

  const ordered =
    criteria.phase === 'curriculum'
      ? [...chosen].sort(
          (a, b) => a.difficulty - b.difficulty || (COMPLEXITY_RANK[a.complexity] ?? 1) - (COMPLEXITY_RANK[b.complexity] ?? 1) || hashOrder(a.id, b.id),
        )
      : [...chosen].sort((a, b) => hashOrder(a.id, b.id));
  const items: SelectedItem[] = ordered.map((candidate) => ({ id: candidate.id, split: splitOf(candidate.id, criteria.evalFraction) }));
  const points = new Map(ordered.map((candidate) => [candidate.id, candidate]));
  finishCounts(counts, items);

  const shortfalls = commonShortfalls(criteria, items.length, ordered);
  if (criteria.fullTaskDistribution) {
    const present = new Set(ordered.map((candidate) => candidate.taskType));
    const missing = (context.windowTaskTypes ?? []).filter((taskType) => !present.has(taskType)).sort();
    if (missing.length > 0) {
      shortfalls.push({
        criterion: 'fullTaskDistribution',
        required: (context.windowTaskTypes ?? []).length,
        actual: present.size,
        message: `curriculum needs every task type of the window; no eligible point for: ${missing.join(', ')}`,
      });
    }
  }
  return {
    items,
    points,
    counts,
    shortfalls,
    ordering: criteria.phase === 'curriculum' ? 'curriculum: difficulty ascending, then complexity, then sha256(id)' : 'sha256(id) (a deterministic shuffle)',
  };
}

interface Pair {
  chosen: ExportCandidate;
  rejected: ExportCandidate;
  taskType: string;
  complexity: string;
  promptHash: string;
  timestampMs: number;
  key: string;
}

/**
 * Preference pairs: points with the same task type and normalised prompt that were routed to
 * different agents with different outcomes (the chosen one succeeded with quality ≥ minQuality and
 * beats the rejected one by the reward margin, or the rejected one failed). Each point is used
 * once: the best chosen answer is paired with the worst rejected answer of another agent.
 */
function selectPreferencePairs(candidates: ExportCandidate[], criteria: ResolvedCriteria): Selection {
  const counts = emptyCounts(candidates.length);
  const usable: ExportCandidate[] = [];
  for (const candidate of candidates) {
    if (!candidate.hasCompletion) counts.missingCompletion += 1;
    else if (!candidate.success && !criteria.includeFailures) counts.failuresExcluded += 1;
    else usable.push(candidate);
  }
  counts.eligible = usable.length;
  const groups = new Map<string, ExportCandidate[]>();
  for (const candidate of usable) {
    const group = groups.get(candidate.promptHash) ?? [];
    group.push(candidate);
    groups.set(candidate.promptHash, group);
  }
  const pairs: Pair[] = [];
  for (const [hash, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ranked = [...group].sort(compareBest);
    const used = new Set<string>();
    for (const chosen of ranked) {
      if (used.has(chosen.id) || !chosen.success || chosen.quality < criteria.minQuality) continue;
      // the worst remaining answer of another agent with a clearly worse outcome
      for (let index = ranked.length - 1; index >= 0; index--) {
        const rejected = ranked[index];
        if (rejected === chosen || used.has(rejected.id) || rejected.agentId === chosen.agentId) continue;
        const worse = (chosen.success && !rejected.success) || chosen.reward - rejected.reward >= PREFERENCE_REWARD_MARGIN;
        if (!worse) continue;
        used.add(chosen.id);
        used.add(rejected.id);
        pairs.push({
          chosen, rejected, taskType: chosen.taskType, complexity: chosen.complexity, promptHash: hash,
          timestampMs: Math.max(chosen.timestampMs, rejected.timestampMs), key: `${chosen.id}>${rejected.id}`,
        });
        break;
      }
    }
  }
  counts.pairsMined = pairs.length;
  counts.belowQuality = usable.filter((candidate) => candidate.success && candidate.quality < criteria.minQuality).length;
  const chosenPairs = rebalance(pairs, criteria, (pair) => `${pair.taskType}|${pair.complexity}`, (a, b) => b.timestampMs - a.timestampMs || hashOrder(a.key, b.key));
  counts.rebalancedAway = pairs.length - chosenPairs.length;
  const ordered = [...chosenPairs].sort((a, b) => hashOrder(a.key, b.key));
  // split by prompt: the same prompt never sits on both sides of the split
  const items: SelectedItem[] = ordered.map((pair) => ({ id: pair.chosen.id, rejectedId: pair.rejected.id, split: splitOf(pair.promptHash, criteria.evalFraction) }));
  const points = new Map<string, ExportCandidate>();
  for (const pair of ordered) {
    points.set(pair.chosen.id, pair.chosen);
    points.set(pair.rejected.id, pair.rejected);
  }
  finishCounts(counts, items);
  const shortfalls = commonShortfalls(criteria, items.length, ordered.flatMap((pair) => [pair.chosen, pair.rejected]), 'pairs');
  return { items, points, counts, shortfalls, ordering: 'sha256(chosen id > rejected id) (a deterministic shuffle)' };
}

/**
 * Stratified rebalancing by water-filling: the target size is shared equally among strata, a
 * stratum smaller than its share keeps everything and leaves the rest to the others. The target
 * is maxCount when given; otherwise every stratum is capped at REBALANCE_MAX_RATIO × the mean
 * stratum size (but never below minCount overall, so rebalancing alone never starves a batch).
 * Within a stratum the freshest items win.
 */
export function rebalance<T>(items: T[], criteria: ResolvedCriteria, stratumOf: (item: T) => string, preference: (a: T, b: T) => number): T[] {
  const strata = new Map<string, T[]>();
  for (const item of items) {
    const key = stratumOf(item);
    const list = strata.get(key) ?? [];
    list.push(item);
    strata.set(key, list);
  }
  for (const list of strata.values()) list.sort(preference);
  let target = Math.min(items.length, criteria.maxCount ?? Infinity);
  if (!criteria.rebalance) {
    if (target >= items.length) return items;
    return [...items].sort(preference).slice(0, target);
  }
  if (criteria.maxCount === null && strata.size > 0) {
    const cap = Math.ceil((REBALANCE_MAX_RATIO * items.length) / strata.size);
    const capped = [...strata.values()].reduce((sum, list) => sum + Math.min(list.length, cap), 0);
    target = Math.max(capped, Math.min(criteria.minCount, items.length));
  }
  const quotas = waterFill([...strata.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, list]) => ({ key, size: list.length })), target);
  return [...strata.entries()].flatMap(([key, list]) => list.slice(0, quotas.get(key) ?? 0));
}

/** Shares `target` among strata as evenly as their sizes allow (deterministic: leftovers go in key order). */
export function waterFill(strata: Array<{ key: string; size: number }>, target: number): Map<string, number> {
  const quotas = new Map(strata.map((stratum) => [stratum.key, 0]));
  let remaining = target;
  let open = strata.filter((stratum) => stratum.size > 0);
  while (remaining > 0 && open.length > 0) {
    const share = Math.floor(remaining / open.length);
    if (share === 0) {
      for (const stratum of open.slice(0, remaining)) quotas.set(stratum.key, (quotas.get(stratum.key) ?? 0) + 1);
      break;
    }
    for (const stratum of open) {
      const take = Math.min(share, stratum.size - (quotas.get(stratum.key) ?? 0));
      quotas.set(stratum.key, (quotas.get(stratum.key) ?? 0) + take);
      remaining -= take;
    }
    open = open.filter((stratum) => (quotas.get(stratum.key) ?? 0) < stratum.size);
  }
  return quotas;
}

function commonShortfalls(criteria: ResolvedCriteria, count: number, points: ExportCandidate[], unit = 'points'): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  if (criteria.maxCount !== null && criteria.maxCount < criteria.minCount) {
    shortfalls.push({ criterion: 'maxCount', required: `>= ${criteria.minCount}`, actual: criteria.maxCount, message: `maxCount ${criteria.maxCount} is below minCount ${criteria.minCount}` });
  }
  if (count < criteria.minCount) {
    shortfalls.push({
      criterion: 'minCount', required: criteria.minCount, actual: count,
      message: `${criteria.phase} needs at least ${criteria.minCount} ${unit} with quality >= ${criteria.minQuality} from the last ${criteria.maxAgeDays} days; found ${count}`,
    });
  }
  const taskTypes = new Set(points.map((point) => point.taskType)).size;
  if (taskTypes < criteria.minTaskTypes) {
    shortfalls.push({ criterion: 'minTaskTypes', required: criteria.minTaskTypes, actual: taskTypes, message: `${criteria.phase} needs at least ${criteria.minTaskTypes} task types; found ${taskTypes}` });
  }
  const agents = new Set(points.map((point) => point.agentId)).size;
  if (agents < criteria.minAgents) {
    shortfalls.push({ criterion: 'minAgents', required: criteria.minAgents, actual: agents, message: `${criteria.phase} needs at least ${criteria.minAgents} agents; found ${agents}` });
  }
  return shortfalls;
}

function emptyCounts(candidates: number): SelectionCounts {
  return {
    candidates, eligible: 0, belowQuality: 0, failuresExcluded: 0, missingCompletion: 0, missingTurns: 0,
    duplicatesRemoved: 0, rebalancedAway: 0, selected: 0, train: 0, eval: 0,
  };
}

function finishCounts(counts: SelectionCounts, items: SelectedItem[]): void {
  counts.selected = items.length;
  counts.train = items.filter((item) => item.split === 'train').length;
  counts.eval = items.length - counts.train;
}

/** Train/eval by hash: sha256(key) mapped to [0, 1); the last `evalFraction` of the range is eval. */
export function splitOf(key: string, evalFraction: number): 'train' | 'eval' {
  return hashFraction(key) < 1 - evalFraction ? 'train' : 'eval';
}

// sorting compares each key many times: hash each once
const hashCache = new Map<string, number>();
function cachedHash(key: string): number {
  let value = hashCache.get(key);
  if (value === undefined) {
    if (hashCache.size > 500_000) hashCache.clear();
    value = hashFraction(key);
    hashCache.set(key, value);
  }
  return value;
}

function hashOrder(a: string, b: string): number {
  return cachedHash(a) - cachedHash(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Best answer first: success, quality, reward, freshness, then hash. */
function compareBest(a: ExportCandidate, b: ExportCandidate): number {
  return Number(b.success) - Number(a.success) || b.quality - a.quality || b.reward - a.reward || b.timestampMs - a.timestampMs || hashOrder(a.id, b.id);
}

/** Freshest first, then quality, then hash. */
function compareFreshness(a: ExportCandidate, b: ExportCandidate): number {
  return b.timestampMs - a.timestampMs || b.quality - a.quality || hashOrder(a.id, b.id);
}
