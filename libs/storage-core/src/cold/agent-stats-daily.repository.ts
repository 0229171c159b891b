import type { Model } from 'mongoose';
import type { AgentStatsDailyDocument } from './agent-stats-daily.schema';
import type { DailyIncrement } from './daily-increments';
import { InProcessKeyLock, KeyLock } from './key-lock';

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number })?.code === DUPLICATE_KEY;
}

/** agent_stats_daily: exactly-once `$inc` per (document, storage batch), range reads, retention. */
export class AgentStatsDailyRepository {
  constructor(
    private readonly model: Model<AgentStatsDailyDocument>,
    private readonly lock: KeyLock = new InProcessKeyLock(),
    private readonly concurrency = 8,
  ) {}

  /**
   * Applies each increment unless this batch token already did: the filter
   * `pendingTokens ≠ token` and the `$push` of the token are one atomic single-document update,
   * so an increment and its marker land together or not at all. Returns how many documents were
   * incremented now (the rest already held the token).
   */
  async applyIncrements(token: string, increments: readonly DailyIncrement[]): Promise<{ applied: number; alreadyApplied: number }> {
    let applied = 0;
    let alreadyApplied = 0;
    const queue = [...increments];
    const worker = async (): Promise<void> => {
      for (let increment = queue.shift(); increment; increment = queue.shift()) {
        if (await this.lock.run(increment.key, () => this.applyOne(token, increment))) applied += 1;
        else alreadyApplied += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    return { applied, alreadyApplied };
  }

  private async applyOne(token: string, increment: DailyIncrement): Promise<boolean> {
    const filter = { _id: increment.key, pendingTokens: { $ne: token } } as never;
    const update = {
      $inc: increment.inc,
      $push: { pendingTokens: token },
      $setOnInsert: { day: increment.day, agentId: increment.agentId, taskType: increment.taskType },
    };
    try {
      const result = await this.model.collection.updateOne(filter, update as never, { upsert: true });
      return result.matchedCount + result.upsertedCount > 0;
    } catch (error) {
      // E11000 is ambiguous: the document holds the token (already applied) or another batch inserted
      // it first. Without upsert, the same conditional update settles which.
      if (!isDuplicateKey(error)) throw error;
      const { $setOnInsert: _ignored, ...withoutInsert } = update;
      const retry = await this.model.collection.updateOne(filter, withoutInsert as never);
      return retry.matchedCount > 0;
    }
  }

  /** Removes settled tokens from pendingTokens (their batches are committed, past the settle delay). */
  async pullTokens(tokensByKey: ReadonlyMap<string, string[]>): Promise<void> {
    const entries = [...tokensByKey];
    const worker = async (): Promise<void> => {
      for (let entry = entries.shift(); entry; entry = entries.shift()) {
        const [key, tokens] = entry;
        await this.lock.run(key, () => this.model.collection.updateOne({ _id: key } as never, { $pullAll: { pendingTokens: tokens } } as never));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, entries.length) }, worker));
  }

  async findRange(filter: { fromDay: string; toDay: string; agentId?: string; taskType?: string }): Promise<AgentStatsDailyDocument[]> {
    const query: Record<string, unknown> = { day: { $gte: filter.fromDay, $lte: filter.toDay } };
    if (filter.agentId !== undefined) query.agentId = filter.agentId;
    if (filter.taskType !== undefined) query.taskType = filter.taskType;
    return (await this.model.collection.find(query, { projection: { pendingTokens: 0 } }).toArray()) as unknown as AgentStatsDailyDocument[];
  }

  async findByKeys(keys: string[]): Promise<AgentStatsDailyDocument[]> {
    return (await this.model.collection.find({ _id: { $in: keys } } as never).toArray()) as unknown as AgentStatsDailyDocument[];
  }

  /** Deletes whole days before `day` (exclusive); returns how many documents went. */
  async deleteDaysBefore(day: string): Promise<number> {
    const result = await this.model.collection.deleteMany({ day: { $lt: day } });
    return result.deletedCount;
  }
}
