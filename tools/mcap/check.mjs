// Checks an MCAP file with the official reader (@mcap/core) and prints what it found as one JSON
// document on stdout; exits 1 (with {"ok": false, "error": ...}) when the reader refuses the file.
//   1. McapStreamReader reads every record from start to end, checking each chunk's CRC32.
//   2. The data section CRC32 (Data End) is recomputed over the file's first bytes.
//   3. McapIndexedReader reads the footer and the summary (checking the summary CRC32), then every
//      message again through the chunk and message indexes; both passes must agree.
//   4. Every Summary Offset must point at exactly one group of summary records of its opcode.
// Usage: node check.mjs FILE.mcap [--messages]   (--messages: every message, data in base64)
import { readFile } from 'node:fs/promises';
import { McapIndexedReader, McapStreamReader } from '@mcap/core';
import { crc32 } from '@foxglove/crc';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const withMessages = args.includes('--messages');
if (!file) {
  console.error('usage: node check.mjs FILE.mcap [--messages]');
  process.exit(2);
}

const big = (v) => (typeof v === 'bigint' ? v.toString() : v);
const fail = (error) => {
  console.log(JSON.stringify({ ok: false, error: String(error && error.message ? error.message : error) }));
  process.exit(1);
};

try {
  const bytes = new Uint8Array(await readFile(file));

  // 1. Every record, start to end.
  const stream = new McapStreamReader({ includeChunks: true, validateCrcs: true });
  stream.append(bytes);
  const records = {};
  const streamed = [];
  let dataEnd;
  let dataEndOffsetGuess;
  for (let r; (r = stream.nextRecord()); ) {
    records[r.type] = (records[r.type] ?? 0) + 1;
    if (r.type === 'Message') {
      streamed.push(r);
    } else if (r.type === 'DataEnd') {
      dataEnd = r;
    }
  }
  if (!stream.done()) {
    fail(`the stream reader did not reach the footer (${stream.bytesRemaining()} bytes left)`);
  }

  // 3. Footer, summary (CRC checked by the reader) and messages through the indexes.
  const readable = {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset, length) => bytes.subarray(Number(offset), Number(offset + length)),
  };
  const indexed = await McapIndexedReader.Initialize({ readable });
  const viaIndex = [];
  for await (const m of indexed.readMessages({ validateCrcs: true })) {
    viaIndex.push(m);
  }

  // 2. The data section CRC: every byte before the Data End record.
  const dataEndOffset = Number(indexed.dataEndOffset);
  dataEndOffsetGuess = dataEndOffset;
  const dataCrc = crc32(bytes.subarray(0, dataEndOffset));
  if (dataEnd === undefined) {
    fail('no Data End record');
  }
  if (dataEnd.dataSectionCrc !== 0 && dataEnd.dataSectionCrc !== dataCrc) {
    fail(`data section CRC ${dataCrc} != Data End's ${dataEnd.dataSectionCrc}`);
  }

  // Both passes must see the same messages (the indexed reader orders by log time). Messages
  // outside chunks cannot be indexed (spec): a file without chunks is read from start to end only.
  const indexedFile = indexed.chunkIndexes.length > 0;
  if (indexedFile && viaIndex.length !== streamed.length) {
    fail(`${streamed.length} messages read from start to end but ${viaIndex.length} through the index`);
  }
  const key = (m) => `${m.channelId}/${m.sequence}/${m.logTime}/${Buffer.from(m.data).toString('base64')}`;
  const sortedStream = indexedFile ? [...streamed] : [].sort((a, b) => (a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : 0));
  for (let i = 0; indexedFile && i < viaIndex.length; i++) {
    if (viaIndex[i].logTime !== sortedStream[i].logTime) {
      fail(`message ${i}: log time ${viaIndex[i].logTime} through the index, ${sortedStream[i].logTime} from start to end`);
    }
  }
  const a = new Set(streamed.map(key));
  for (const m of viaIndex) {
    if (!a.has(key(m))) {
      fail(`a message read through the index was not found from start to end: ${key(m).slice(0, 80)}`);
    }
  }

  // 4. Summary Offset records against the summary's groups.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const summaryStart = Number(indexed.footer.summaryStart);
  const summaryOffsetStart = Number(indexed.footer.summaryOffsetStart);
  const groups = new Map();
  for (let p = summaryStart; p < summaryOffsetStart; ) {
    const op = view.getUint8(p);
    const len = Number(view.getBigUint64(p + 1, true)) + 9;
    const g = groups.get(op) ?? { start: p, length: 0 };
    if (groups.has(op) && g.start + g.length !== p) {
      fail(`summary records of opcode ${op} are not grouped`);
    }
    g.length += len;
    groups.set(op, g);
    p += len;
  }
  if (indexed.summaryOffsetsByOpcode.size !== groups.size) {
    fail(`${groups.size} summary groups but ${indexed.summaryOffsetsByOpcode.size} Summary Offset records`);
  }
  for (const [op, so] of indexed.summaryOffsetsByOpcode) {
    const g = groups.get(op);
    if (!g || BigInt(g.start) !== so.groupStart || BigInt(g.length) !== so.groupLength) {
      fail(`Summary Offset for opcode ${op} does not match its group`);
    }
  }

  const stats = indexed.statistics;
  if (stats && stats.messageCount !== BigInt(streamed.length)) {
    fail(`Statistics message_count ${stats.messageCount} but ${streamed.length} messages`);
  }
  const perChannel = {};
  for (const m of streamed) {
    perChannel[m.channelId] = (perChannel[m.channelId] ?? 0) + 1;
  }
  const out = {
    ok: true,
    header: indexed.header,
    records,
    messages: streamed.length,
    chunks: indexed.chunkIndexes.length,
    indexedMessages: viaIndex.length,
    dataSectionCrc: dataCrc,
    summaryCrc: indexed.footer.summaryCrc,
    summaryOffsets: [...indexed.summaryOffsetsByOpcode.keys()].sort((x, y) => x - y),
    statistics: stats && {
      messageCount: big(stats.messageCount),
      schemaCount: stats.schemaCount,
      channelCount: stats.channelCount,
      chunkCount: stats.chunkCount,
      metadataCount: stats.metadataCount,
      attachmentCount: stats.attachmentCount,
      messageStartTime: big(stats.messageStartTime),
      messageEndTime: big(stats.messageEndTime),
    },
    schemas: [...indexed.schemasById.values()].map((s) => ({
      id: s.id,
      name: s.name,
      encoding: s.encoding,
      data: Buffer.from(s.data).toString('utf8'),
    })),
    channels: [...indexed.channelsById.values()].map((c) => ({
      id: c.id,
      topic: c.topic,
      messageEncoding: c.messageEncoding,
      schemaId: c.schemaId,
      metadata: Object.fromEntries(c.metadata),
      messages: perChannel[c.id] ?? 0,
    })),
  };
  if (withMessages) {
    out.messageList = streamed.map((m) => ({
      channelId: m.channelId,
      sequence: m.sequence,
      logTime: big(m.logTime),
      publishTime: big(m.publishTime),
      data: Buffer.from(m.data).toString('base64'),
    }));
  }
  console.log(JSON.stringify(out));
} catch (e) {
  fail(e);
}
