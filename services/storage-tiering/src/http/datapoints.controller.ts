import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiDatapoint, DatapointPage, DatapointParamsDto, DatapointSearchQueryDto, Principal, StorageCore } from '@benchpool/storage-core';
import { AccessControlInterceptor, CurrentPrincipal, RequirePermission } from './access-control.interceptor';
import { validated } from './validation';

/** Record-level reads of the warm tier: tenant scope enforced, free text removed for analysts. */
@Controller('v1/datapoints')
@UseInterceptors(AccessControlInterceptor)
export class DatapointsController {
  constructor(@Inject(StorageCore) private readonly core: StorageCore) {}

  @Get()
  @RequirePermission('datapoints:read')
  search(@CurrentPrincipal() principal: Principal, @Query(validated) query: DatapointSearchQueryDto): Promise<DatapointPage> {
    return this.core.datapoints.search(principal, query);
  }

  @Get(':id')
  @RequirePermission('datapoints:read')
  findOne(@CurrentPrincipal() principal: Principal, @Param(validated) params: DatapointParamsDto): Promise<ApiDatapoint> {
    return this.core.datapoints.findOne(principal, params.id);
  }
}
