import { randomBytes } from 'node:crypto';
import { Partitioners, PartitionMetadata } from 'kafkajs';
import { JavaCompatiblePartitioner, murmur2, partitionOfKey } from './partitioner';

function metadata(count: number, leaderless: number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionId, leader: leaderless.includes(partitionId) ? -1 : 0, partitionErrorCode: 0, replicas: [0], isr: [0],
  }));
}

describe('JavaCompatiblePartitioner', () => {
  const theirs = Partitioners.DefaultPartitioner();
  const ours = JavaCompatiblePartitioner();

  it('gives every key the partition kafkajs (and so Kafka\'s Java client) gives it', () => {
    const keys: Array<string | Buffer> = [
      '', 'a', 'ab', 'abc', 'abcd', 'task-42', 'agent-7', 'bench-task-29999', 'ünïcødé-✓-タスク', 'x'.repeat(341), 'y'.repeat(2_000),
      ...Array.from({ length: 3_000 }, (_, index) => `task-${index}-${randomBytes(index % 13).toString('hex')}`),
      ...Array.from({ length: 500 }, (_, index) => randomBytes(index % 40)),
    ];
    for (const partitions of [1, 3, 12, 50]) {
      const partitionMetadata = metadata(partitions);
      const mismatches = keys.filter((key) =>
        ours({ topic: 't', partitionMetadata, message: { key, value: null } }) !== theirs({ topic: 't', partitionMetadata, message: { key, value: null } }));
      expect(mismatches).toEqual([]);
    }
  });

  it('matches the reference murmur2 values of Kafka\'s own tests', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const cases: Array<[string, number]> = [
      ['21', -973932308], ['foobar', -790332482], ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829], ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971], ['abc', 479470107],
    ];
    for (const [input, expected] of cases) expect(murmur2(Buffer.from(input))).toBe(expected);
  });

  it('uses an explicit partition as given', () => {
    expect(ours({ topic: 't', partitionMetadata: metadata(12), message: { key: 'task-1', value: null, partition: 7 } })).toBe(7);
  });

  it('spreads keyless records round-robin over the partitions that have a leader', () => {
    const partitioner = JavaCompatiblePartitioner();
    const partitionMetadata = metadata(4, [2]);
    const chosen = Array.from({ length: 30 }, () => partitioner({ topic: 't', partitionMetadata, message: { value: 'v' } }));
    expect(new Set(chosen)).toEqual(new Set([0, 1, 3]));
    for (let index = 1; index < chosen.length; index++) expect(chosen[index]).not.toBe(chosen[index - 1]);
  });

  it('hashes a string key as its UTF-8 bytes, long or short', () => {
    for (const key of ['short', 'é'.repeat(400), 'z'.repeat(5_000)]) expect(partitionOfKey(key, 12)).toBe(partitionOfKey(Buffer.from(key, 'utf8'), 12));
  });
});
