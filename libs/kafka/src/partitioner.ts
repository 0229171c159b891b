import { randomInt } from 'node:crypto';
import type { ICustomPartitioner, PartitionerArgs } from 'kafkajs';

/** Scratch space for a key's UTF-8 bytes: keys are task and agent ids, far shorter. */
const SCRATCH = Buffer.allocUnsafe(1_024);
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) on 32-bit integers. kafkajs's
 * own port computes it with 64-bit Long objects, about a dozen allocations per key.
 */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = 0x9747b28c ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i << 2;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) h = Math.imul(h ^ data[tail], M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's Java client (and kafkajs's DefaultPartitioner) gives a key. */
export function partitionOfKey(key: Buffer | string, partitions: number): number {
  let hash: number;
  if (typeof key !== 'string') hash = murmur2(key);
  else if (key.length * 3 <= SCRATCH.length) hash = murmur2(SCRATCH, SCRATCH.write(key, 'utf8'));
  else hash = murmur2(Buffer.from(key, 'utf8'));
  return (hash & 0x7fffffff) % partitions;
}

/**
 * kafkajs's DefaultPartitioner, the same partitions for the same keys (a task's events meet on one
 * partition whichever client produced them), at a fraction of its cost: kafkajs hashes with Long
 * objects and filters the partition list for every message, keyed or not. Explicit partition
 * first; then the key's murmur2; a record without a key goes round-robin over the partitions
 * that have a leader.
 */
export const JavaCompatiblePartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }: PartitionerArgs): number => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) return partitionOfKey(message.key, partitionMetadata.length);
    const counter = (counters.get(topic) ?? randomInt(0x7fffffff)) + 1;
    counters.set(topic, counter);
    const available = partitionMetadata.filter((partition) => partition.leader >= 0);
    if (available.length > 0) return available[(counter & 0x7fffffff) % available.length].partitionId;
    return (counter & 0x7fffffff) % partitionMetadata.length;
  };
};
