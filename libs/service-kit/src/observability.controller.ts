import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { register } from 'prom-client';
import { DependencyHealth, ServiceRuntime } from './service-runtime';

export interface HealthReport {
  status: 'ok' | 'degraded';
  service: string;
  checks: Record<string, DependencyHealth>;
}

@Controller()
export class ObservabilityController {
  constructor(@Inject(ServiceRuntime) private readonly runtime: ServiceRuntime) {}

  /** Readiness: 200 when every connection the service needs answers, 503 with the failing ones otherwise. */
  @Get('health')
  async health(): Promise<HealthReport> {
    const checks = await this.runtime.health();
    const ok = Object.values(checks).every((check) => check.ok);
    const report: HealthReport = { status: ok ? 'ok' : 'degraded', service: this.runtime.definition.name, checks };
    if (!ok) throw new ServiceUnavailableException(report);
    return report;
  }

  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
