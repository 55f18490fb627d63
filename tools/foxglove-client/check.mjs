// Connects to an Armature container's Foxglove endpoint with the protocol's reference client
// (@foxglove/ws-protocol) over the `ws` WebSocket library, and prints one JSON report line.
//
//   node check.mjs <ws-url> --topic <joint-state topic> [--messages N] [--timeout-ms MS]
//       waits for serverInfo and the advertisement of <topic>, subscribes to it, collects N
//       decoded messages, and reports them (exit 0 when all came in time)
//   node check.mjs <ws-url> --expect-refused [--timeout-ms MS]
//       exit 0 when the server refuses the connection before it opens
import pkg from "@foxglove/ws-protocol";
import WebSocket from "ws";

const { FoxgloveClient } = pkg;

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const url = process.argv[2];
const topic = arg("--topic", null);
const wanted = Number(arg("--messages", "50"));
const timeoutMs = Number(arg("--timeout-ms", "30000"));
const expectRefused = process.argv.includes("--expect-refused");

const report = {
  ok: false,
  opened: false,
  refused: false,
  serverInfo: null,
  protocol: null,
  channels: [],
  channel: null,
  statuses: [],
  messages: [],
  error: null,
};

let finished = false;
function finish(ok, error) {
  if (finished) return;
  finished = true;
  report.ok = ok;
  if (error) report.error = String(error);
  // exit only once the report is written: process.exit cuts a large write to a pipe short
  process.stdout.write(JSON.stringify(report) + "\n", () => process.exit(ok ? 0 : 1));
}

const timer = setTimeout(
  () => finish(false, `timed out after ${timeoutMs} ms (${report.messages.length} of ${wanted} messages)`),
  timeoutMs,
);

const ws = new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
ws.on("unexpected-response", (_req, res) => {
  // the server answered the upgrade with an HTTP error: refused before any data flowed
  report.refused = true;
  report.error = `HTTP ${res.statusCode}`;
  clearTimeout(timer);
  finish(expectRefused, expectRefused ? null : report.error);
});
const client = new FoxgloveClient({ ws });
const decoder = new TextDecoder();

client.on("open", () => {
  report.opened = true;
  report.protocol = ws.protocol;
  if (expectRefused) {
    clearTimeout(timer);
    finish(false, "the connection was accepted");
  }
});
client.on("error", (e) => {
  if (!report.refused) report.error = String(e?.message ?? e);
});
client.on("close", (e) => {
  if (!report.refused && !expectRefused) finish(false, `closed: ${e?.code} ${e?.reason ?? ""}`);
});
client.on("serverInfo", (info) => {
  report.serverInfo = info;
});
client.on("status", (s) => {
  report.statuses.push(s);
});
client.on("advertise", (channels) => {
  for (const c of channels) {
    report.channels.push(c.topic);
    if (topic && c.topic === topic && report.channel === null) {
      report.channel = c;
      client.subscribe(c.id);
    }
  }
});
client.on("message", (m) => {
  const text = decoder.decode(m.data);
  report.messages.push({
    // wall clock [ms since 1970, fractional] when the client decoded it: with receiveTimeNs (the
    // server's wall clock on the same machine) it gives the endpoint-to-client delay
    clientTimeMs: performance.timeOrigin + performance.now(),
    subscriptionId: m.subscriptionId,
    receiveTimeNs: m.timestamp.toString(),
    data: JSON.parse(text),
  });
  if (report.messages.length >= wanted) {
    clearTimeout(timer);
    client.close();
    finish(report.serverInfo !== null, report.serverInfo === null ? "no serverInfo" : null);
  }
});
