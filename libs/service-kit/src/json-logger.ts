import type { LoggerService } from '@nestjs/common';
import { currentCorrelationId } from '@benchpool/utils';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

/** One JSON object per line, with the service name and the correlation id of the work in progress. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly minimum: Level = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  log(message: unknown, context?: string): void {
    this.emit('info', message, context);
  }
  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.emit('error', message, context, trace);
  }
  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }

  private emit(level: Level, message: unknown, context?: string, trace?: string): void {
    if (LEVELS[level] < LEVELS[this.minimum]) return;
    const correlationId = currentCorrelationId();
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, service: this.service };
    if (context) line.context = context;
    if (correlationId) line.correlationId = correlationId;
    if (typeof message === 'string' && message.startsWith('{')) {
      try {
        Object.assign(line, JSON.parse(message));
      } catch {
        line.msg = message;
      }
    } else if (message instanceof Error) {
      line.msg = message.message;
      line.stack = message.stack;
    } else {
      line.msg = typeof message === 'string' ? message : JSON.stringify(message);
    }
    if (trace) line.trace = trace;
    this.write(JSON.stringify(line));
  }
}
