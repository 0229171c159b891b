import { Body, ConflictException, Controller, Get, HttpCode, Inject, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  AccessAuditDocument, AccessAuditQueryDto, AccessDeniedError, authorizeKeyCreation, CreateApiKeyDto, FeedbackRunDto, Principal, RetentionReport, StorageCore,
} from '@benchpool/storage-core';
import { FeedbackRunResult, ReportAgentFeedbackUseCase } from '../use-cases/report-agent-feedback.usecase';
import { StoreDatapointsUseCase } from '../use-cases/store-datapoints.usecase';
import { AccessControlInterceptor, CurrentPrincipal, RequirePermission } from './access-control.interceptor';
import { validated } from './validation';

@Controller('v1/admin')
@UseInterceptors(AccessControlInterceptor)
export class AdminController {
  constructor(
    @Inject(StorageCore) private readonly core: StorageCore,
    @Inject(StoreDatapointsUseCase) private readonly storeDatapoints: StoreDatapointsUseCase,
    @Inject(ReportAgentFeedbackUseCase) private readonly feedback: ReportAgentFeedbackUseCase,
  ) {}

  /** Returns the new key ONCE; only its sha256 is stored. */
  @Post('api-keys')
  @RequirePermission('admin')
  async createKey(
    @CurrentPrincipal() principal: Principal,
    @Body(validated) body: CreateApiKeyDto,
  ): Promise<{ keyId: string; apiKey: string; role: string; tenantScope: string; name: string }> {
    const decision = authorizeKeyCreation(principal, body.tenantScope);
    if (!decision.allowed) throw new AccessDeniedError(decision.status, decision.reason);
    const created = await this.core.apiKeys.create({ ...body, createdBy: principal.keyId });
    return { keyId: created.keyId, apiKey: created.apiKey, role: body.role, tenantScope: body.tenantScope, name: body.name };
  }

  @Get('access-audit')
  @RequirePermission('admin')
  async accessAudit(@Query(validated) query: AccessAuditQueryDto): Promise<{ items: AccessAuditDocument[] }> {
    return { items: await this.core.audit.list({ keyId: query.keyId, limit: query.limit ?? 100 }) };
  }

  @Post('retention/run')
  @HttpCode(200)
  @RequirePermission('admin')
  async runRetention(): Promise<RetentionReport> {
    const report = await this.core.retention.run(this.storeDatapoints.hooks());
    if (!report) throw new ConflictException('another replica is running retention');
    return report;
  }

  @Post('maintenance/run')
  @HttpCode(200)
  @RequirePermission('admin')
  async runMaintenance(): Promise<{ recoveredBatches: number; recoveredPoints: number; settledBatches: number }> {
    const result = await this.core.maintain(this.storeDatapoints.hooks());
    if (!result) throw new ConflictException('another replica is running maintenance');
    return result;
  }

  /** Runs the daily feedback job now (force: even if today's reports went out already). */
  @Post('feedback/run')
  @HttpCode(200)
  @RequirePermission('admin')
  runFeedback(@Body(validated) body: FeedbackRunDto): Promise<FeedbackRunResult> {
    return this.feedback.execute({ end: body.end ? new Date(body.end) : undefined, force: body.force ?? false });
  }
}
