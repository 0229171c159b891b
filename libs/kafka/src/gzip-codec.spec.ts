import { gunzipSync, gzipSync } from 'node:zlib';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { useGzipLevel } from './gzip-codec';

const records = Buffer.from(JSON.stringify(Array.from({ length: 200 }, (_, index) => ({ id: `event-${index}`, text: `record ${index * 7919}` }))));

function kafkajsGzip(): { compress: (encoder: { buffer: Buffer }) => Promise<Buffer>; decompress: (buffer: Buffer) => Promise<Buffer> } {
  return CompressionCodecs[CompressionTypes.GZIP]();
}

describe('useGzipLevel', () => {
  it('makes kafkajs compress with the given zlib level and still read any gzip', async () => {
    useGzipLevel(1);
    const fast = await kafkajsGzip().compress({ buffer: records });
    expect(fast).toEqual(gzipSync(records, { level: 1 }));
    expect(gunzipSync(fast)).toEqual(records);
    useGzipLevel(9);
    const small = await kafkajsGzip().compress({ buffer: records });
    expect(small).toEqual(gzipSync(records, { level: 9 }));
    expect(small.length).toBeLessThan(fast.length);
    expect(await kafkajsGzip().decompress(fast)).toEqual(records);
  });

  it('refuses a level zlib does not have', () => {
    expect(() => useGzipLevel(0)).toThrow(RangeError);
    expect(() => useGzipLevel(1.5)).toThrow(RangeError);
  });
});
