import { Topic } from '@benchpool/contracts';

export const STORAGE_TIERING_PRODUCED_TOPICS: string[] = [Topic.DatapointStored, Topic.AgentFeedbackReported];
