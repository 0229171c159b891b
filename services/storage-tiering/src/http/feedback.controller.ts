import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { SERVICE_CONFIG } from '@benchpool/service-kit';
import { AgentFeedbackReport, AgentParamsDto, FeedbackQueryDto, StorageCore } from '@benchpool/storage-core';
import type { StorageTieringConfig } from '../storage-tiering.config';
import { AccessControlInterceptor, RequirePermission } from './access-control.interceptor';
import { validated } from './validation';

@Controller('v1')
@UseInterceptors(AccessControlInterceptor)
export class FeedbackController {
  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(SERVICE_CONFIG) private readonly config: StorageTieringConfig,
  ) {}

  /** Trends (stated tests), capability changes, training needs and strengths from the cold tier. */
  @Get('agents/:agentId/feedback')
  @RequirePermission('feedback:read')
  feedback(@Param(validated) params: AgentParamsDto, @Query(validated) query: FeedbackQueryDto): Promise<AgentFeedbackReport> {
    return this.core.feedback.forAgent(params.agentId, { windowDays: query.windowDays ?? this.config.FEEDBACK_WINDOW_DAYS, end: query.end ? new Date(query.end) : undefined });
  }
}
