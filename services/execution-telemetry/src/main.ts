import { runService } from '@benchpool/service-kit';
import { executionTelemetryBootstrap } from './execution-telemetry.bootstrap';

runService(executionTelemetryBootstrap());
