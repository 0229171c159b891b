import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SERVICE_CONFIG, ServiceRuntime } from '@benchpool/service-kit';
import type { ExecutionTelemetryConfig } from './execution-telemetry.config';
import { JoinTelemetryUseCase } from './join-telemetry.usecase';

/**
 * Every replica sweeps on its own timer; the Lua claim makes sure one replica handles each due
 * join. A failed sweep is only logged: the join stays in Redis and is claimed again after the
 * emission lease, so nothing is lost by moving on.
 */
@Injectable()
export class JoinSweeperService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ExecutionTelemetryConfig,
    @Inject(JoinTelemetryUseCase) private readonly join: JoinTelemetryUseCase,
    @Inject(ServiceRuntime) private readonly runtime: ServiceRuntime,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Runs before the runtime closes Redis and the producer (onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.sweepOnce().finally(() => {
        this.inFlight = undefined;
        this.schedule();
      });
    }, this.config.JOIN_SWEEP_INTERVAL_MS);
  }

  private async sweepOnce(): Promise<void> {
    try {
      const summary = await this.join.sweep();
      if (summary.claimed > 0 || summary.recordedWithoutTask > 0) this.runtime.logger.log(JSON.stringify({ msg: 'join sweep', ...summary }), 'JoinSweeper');
    } catch (error) {
      this.runtime.logger.warn(JSON.stringify({ msg: 'join sweep failed; due joins are retried after the emission lease', reason: (error as Error).message }), 'JoinSweeper');
    }
  }
}
