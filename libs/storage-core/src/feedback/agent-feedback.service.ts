import type { Clock } from '../clock';
import type { AgentStatsDailyRepository } from '../cold/agent-stats-daily.repository';
import { DAY_MS, dayKey, dayStartMs, daysEndingAt } from '../hot/time-buckets';
import { AgentFeedbackReport, buildAgentFeedback, DEFAULT_FEEDBACK_OPTIONS, FeedbackOptions } from './agent-feedback';

export interface FeedbackWindow {
  /** the last day of the current window is the UTC day of `end`. */
  end?: Date;
  windowDays: number;
}

/** Loads the cold aggregates of two consecutive windows and builds agent feedback from them. */
export class AgentFeedbackService {
  constructor(
    private readonly cold: AgentStatsDailyRepository,
    private readonly clock: Clock,
    private readonly options: FeedbackOptions = DEFAULT_FEEDBACK_OPTIONS,
  ) {}

  private windows(window: FeedbackWindow): { currentDays: string[]; previousFirst: string; previousLast: string; start: Date; end: Date } {
    const end = window.end ?? this.clock.now();
    const currentDays = daysEndingAt(end, window.windowDays);
    const firstStart = dayStartMs(currentDays[0]);
    return {
      currentDays,
      previousFirst: dayKey(firstStart - window.windowDays * DAY_MS),
      previousLast: dayKey(firstStart - DAY_MS),
      start: new Date(firstStart),
      end: new Date(dayStartMs(currentDays[currentDays.length - 1]) + DAY_MS),
    };
  }

  async forAgent(agentId: string, window: FeedbackWindow): Promise<AgentFeedbackReport> {
    const range = this.windows(window);
    const first = range.currentDays[0];
    const last = range.currentDays[range.currentDays.length - 1];
    const [fleetCurrent, previous] = await Promise.all([
      this.cold.findRange({ fromDay: first, toDay: last }),
      this.cold.findRange({ fromDay: range.previousFirst, toDay: range.previousLast, agentId }),
    ]);
    return buildAgentFeedback(
      {
        agentId, timeRange: { start: range.start, end: range.end },
        current: fleetCurrent.filter((document) => document.agentId === agentId), previous, fleetCurrent, reportedAt: this.clock.now(),
      },
      this.options,
    );
  }

  /** Feedback for every agent with points in the current window. */
  async forActiveAgents(window: FeedbackWindow): Promise<AgentFeedbackReport[]> {
    const range = this.windows(window);
    const first = range.currentDays[0];
    const last = range.currentDays[range.currentDays.length - 1];
    const [fleetCurrent, previousAll] = await Promise.all([
      this.cold.findRange({ fromDay: first, toDay: last }),
      this.cold.findRange({ fromDay: range.previousFirst, toDay: range.previousLast }),
    ]);
    const agents = [...new Set(fleetCurrent.map((document) => document.agentId))].sort();
    const reportedAt = this.clock.now();
    return agents.map((agentId) =>
      buildAgentFeedback(
        {
          agentId, timeRange: { start: range.start, end: range.end },
          current: fleetCurrent.filter((document) => document.agentId === agentId),
          previous: previousAll.filter((document) => document.agentId === agentId),
          fleetCurrent, reportedAt,
        },
        this.options,
      ),
    );
  }
}
