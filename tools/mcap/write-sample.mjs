// Writes a small MCAP file with the official writer (@mcap/core McapWriter): 10 JSON messages on
// one channel in 4 chunks. Its output is bundles/armature.record/src/test/resources/official-writer.mcap,
// which McapReaderTest reads with our reader. Usage: node write-sample.mjs OUT.mcap
import { McapWriter } from '@mcap/core';
import { writeFile } from 'node:fs/promises';

const out = process.argv[2];
const parts = [];
let size = 0n;
const writer = new McapWriter({
  writable: {
    position: () => size,
    write: async (b) => {
      parts.push(Buffer.from(b));
      size += BigInt(b.byteLength);
    },
  },
  chunkSize: 100,
});
const text = new TextEncoder();
await writer.start({ profile: '', library: 'official sample' });
const schema = await writer.registerSchema({ name: 'a', encoding: 'jsonschema', data: text.encode('{}') });
const channel = await writer.registerChannel({ schemaId: schema, topic: 't', messageEncoding: 'json', metadata: new Map() });
for (let i = 0; i < 10; i++) {
  await writer.addMessage({ channelId: channel, sequence: i, logTime: BigInt(i), publishTime: BigInt(i), data: text.encode(`{"a":${i}}`) });
}
await writer.end();
await writeFile(out, Buffer.concat(parts));
