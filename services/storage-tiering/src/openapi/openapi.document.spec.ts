import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { getMetadataStorage } from 'class-validator';
import {
  AccessAuditQueryDto, AgentStatsQueryDto, CollectionHealthQueryDto, DatapointSearchQueryDto, FeedbackQueryDto, SystemStatsQueryDto,
} from '@benchpool/storage-core';
import { AdminController } from '../http/admin.controller';
import { DatapointsController } from '../http/datapoints.controller';
import { FeedbackController } from '../http/feedback.controller';
import { OpenApiController } from '../http/openapi.controller';
import { StatisticsController } from '../http/statistics.controller';
import { OPENAPI_DOCUMENT } from './openapi.document';

type Paths = Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;

/** "GET /v1/agents/{agentId}/stats" for every route the controllers declare. */
function controllerRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of [StatisticsController, DatapointsController, FeedbackController, AdminController, OpenApiController]) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as unknown as Record<string, object>)[name];
      const route = Reflect.getMetadata(PATH_METADATA, handler);
      if (name === 'constructor' || route === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const joined = `/${[base, String(route)].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
      routes.push(`${method} ${joined}`);
    }
  }
  return routes.sort();
}

const documented = (): string[] =>
  Object.entries(OPENAPI_DOCUMENT.paths as unknown as Paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .filter((route) => !route.endsWith(' /health') && !route.endsWith(' /metrics'))
    .sort();

describe('OpenAPI document', () => {
  it('documents exactly the routes the controllers serve', () => {
    expect(documented()).toEqual(controllerRoutes());
  });

  it.each([
    ['/v1/agents/{agentId}/stats', AgentStatsQueryDto],
    ['/v1/stats/system', SystemStatsQueryDto],
    ['/v1/collection/health', CollectionHealthQueryDto],
    ['/v1/datapoints', DatapointSearchQueryDto],
    ['/v1/agents/{agentId}/feedback', FeedbackQueryDto],
    ['/v1/admin/access-audit', AccessAuditQueryDto],
  ])('documents exactly the query parameters %s accepts', (path, dto) => {
    const accepted = [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((metadata) => metadata.propertyName))].sort();
    const parameters = ((OPENAPI_DOCUMENT.paths as unknown as Paths)[path].get.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name).sort();
    expect(parameters).toEqual(accepted);
  });
});
