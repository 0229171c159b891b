import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import {
  AgentParamsDto, AgentStatistics, AgentStatsQueryDto, CollectionHealth, CollectionHealthQueryDto, Principal, StorageCore, SystemStatistics, SystemStatsQueryDto,
} from '@benchpool/storage-core';
import { AccessControlInterceptor, CurrentPrincipal, RequirePermission } from './access-control.interceptor';
import { PrivateStatisticsUseCase } from '../private-statistics.usecase';
import { validated } from './validation';

@Controller('v1')
@UseInterceptors(AccessControlInterceptor)
export class StatisticsController {
  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(PrivateStatisticsUseCase) private readonly privateStatistics: PrivateStatisticsUseCase,
  ) {}

  /** Hot tier (Redis) for windows up to HOT_WINDOW_HOURS, cold daily aggregates beyond. */
  @Get('agents/:agentId/stats')
  @RequirePermission('stats:read')
  agentStatistics(@Param(validated) params: AgentParamsDto, @Query(validated) query: AgentStatsQueryDto): Promise<AgentStatistics> {
    return this.core.statistics.agentStatistics({
      agentId: params.agentId, taskType: query.taskType, complexity: query.complexity, windowHours: query.windowHours ?? 168,
      end: query.end ? new Date(query.end) : undefined,
    });
  }

  @Get('stats/system')
  @RequirePermission('stats:read')
  systemStatistics(@Query(validated) query: SystemStatsQueryDto, @CurrentPrincipal() principal: Principal): Promise<SystemStatistics> {
    return this.privateStatistics.systemStatistics(principal, {
      groupBy: query.groupBy ?? 'task-type', from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined,
    }, query.epsilon);
  }

  @Get('collection/health')
  @RequirePermission('health:read')
  collectionHealth(@Query(validated) query: CollectionHealthQueryDto): Promise<CollectionHealth> {
    return this.core.statistics.collectionHealth({ from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined });
  }
}
