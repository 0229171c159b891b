import type { BenchmarkDataPoint } from '@benchpool/contracts';
import { authorizeTenant, canAccessTenant, Principal, redactForRole } from '../access/access-policy';
import { DatapointDocument, dataPointFromDocument } from '../warm/datapoint-document';
import type { DatapointRepository, DatapointSearchFilter } from '../warm/datapoint.repository';
import { decodeCursor, encodeCursor } from './datapoint-cursor';
import type { DatapointSearchQueryDto } from './query.dto';

/** A refusal the HTTP layer turns into 401/403/404. */
export class AccessDeniedError extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

export type ApiDatapoint = BenchmarkDataPoint & {
  rlReady: boolean;
  storedAt: string;
  exportedAt?: string;
  trainingBatchId?: string;
  trainingBatchIds?: string[];
};

export interface DatapointPage {
  items: ApiDatapoint[];
  count: number;
  nextCursor: string | null;
  /** 'anonymized' when free-text fields were removed for the caller's role. */
  fields: 'full' | 'anonymized';
}

export function toApiDatapoint(document: DatapointDocument): ApiDatapoint {
  return {
    ...dataPointFromDocument(document),
    storedAt: document.storedAt.toISOString(),
    ...(document.exportedAt ? { exportedAt: document.exportedAt.toISOString() } : {}),
    ...(document.trainingBatchId ? { trainingBatchId: document.trainingBatchId } : {}),
    ...(document.trainingBatchIds?.length ? { trainingBatchIds: document.trainingBatchIds } : {}),
  };
}

/** Record-level reads of the warm tier, with the tenant scope and field visibility of the caller applied. */
export class DatapointQueryService {
  constructor(private readonly warm: DatapointRepository) {}

  async search(principal: Principal, query: DatapointSearchQueryDto): Promise<DatapointPage> {
    const tenant = authorizeTenant(principal, query.tenantId);
    if (!tenant.allowed) throw new AccessDeniedError(tenant.status, tenant.reason);
    const filter: DatapointSearchFilter = {
      agentId: query.agentId, taskType: query.taskType, complexity: query.complexity, minQuality: query.minQuality, maxQuality: query.maxQuality,
      rlReady: query.rlReady, exported: query.exported, trainingBatchId: query.trainingBatchId,
      from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined,
      // a tenant-scoped key only ever sees its own tenant
      tenantId: principal.tenantScope === '*' ? query.tenantId : principal.tenantScope,
    };
    const limit = query.limit ?? 50;
    const documents = await this.warm.search(filter, limit, query.cursor ? decodeCursor(query.cursor) : null);
    const page = documents.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((document) => redactForRole(toApiDatapoint(document), principal.role)),
      count: page.length,
      nextCursor: documents.length > limit && last ? encodeCursor({ timestampMs: last.timestamp.getTime(), id: last._id }) : null,
      fields: principal.role === 'analyst' ? 'anonymized' : 'full',
    };
  }

  async findOne(principal: Principal, id: string): Promise<ApiDatapoint> {
    const document = await this.warm.findById(id);
    if (!document) throw new AccessDeniedError(404, `data point ${id} not found`);
    if (!canAccessTenant(principal, document.tenantId)) throw new AccessDeniedError(403, 'the data point belongs to another tenant');
    return redactForRole(toApiDatapoint(document), principal.role);
  }
}
