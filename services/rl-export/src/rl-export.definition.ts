import { Topic } from '@benchpool/contracts';
import type { ServiceDefinition } from '@benchpool/service-kit';

export const RL_EXPORT_DEFINITION: ServiceDefinition = { name: 'rl-export', needsMongo: true, needsRedis: false };
export const RL_EXPORT_PRODUCED_TOPICS: string[] = [Topic.ExportBatch, Topic.ExportCompleted, Topic.ExportRequested];
