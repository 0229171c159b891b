import { Inject, Injectable } from '@nestjs/common';
import { Topic } from '@benchpool/contracts';
import { EventProducer } from '@benchpool/kafka';
import { SERVICE_CONFIG } from '@benchpool/service-kit';
import { DAY_MS, dayKey, StorageCore } from '@benchpool/storage-core';
import type { StorageTieringConfig } from '../storage-tiering.config';

export interface FeedbackRunResult {
  day: string;
  agents: number;
  published: number;
  skipped?: 'already-reported' | 'lease-held';
}

/**
 * The daily agent feedback job: for every agent with points in the last FEEDBACK_WINDOW_DAYS
 * complete days, the feedback report, published as agent.feedback.reported.v1 with the stable id
 * `feedback-<agent>-<day>`. A Redis marker set after publishing makes it once per day across
 * replicas (a crash before the marker republishes the same ids).
 */
@Injectable()
export class ReportAgentFeedbackUseCase {
  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(EventProducer) private readonly producer: EventProducer,
    @Inject(SERVICE_CONFIG) private readonly config: StorageTieringConfig,
  ) {}

  async execute(options: { end?: Date; force?: boolean } = {}): Promise<FeedbackRunResult> {
    // the window ends with yesterday: complete days only
    const end = options.end ?? new Date(this.core.clock.now().getTime() - DAY_MS);
    const day = dayKey(end);
    const marker = `${this.config.HOT_KEY_PREFIX}feedback:reported:${day}`;
    const result = await this.core.lease('feedback').runExclusive(async () => {
      if (!options.force && (await this.core.redis.exists(marker)) === 1) return { day, agents: 0, published: 0, skipped: 'already-reported' as const };
      const reports = await this.core.feedback.forActiveAgents({ end, windowDays: this.config.FEEDBACK_WINDOW_DAYS });
      await Promise.all(
        reports.map((report) =>
          this.producer.publish(Topic.AgentFeedbackReported, report.event, { tenantId: '*', id: `feedback-${report.event.agentId}-${day}` }),
        ),
      );
      this.core.metrics.feedbackReports.inc(reports.length);
      await this.core.redis.set(marker, '1', 'EX', 3 * 86_400);
      return { day, agents: reports.length, published: reports.length };
    });
    return result ?? { day, agents: 0, published: 0, skipped: 'lease-held' };
  }
}
