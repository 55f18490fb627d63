// Dashboard benchmark: starts the real distribution (sim-hand, hand-baseline, dashboard), then with 0, 1 and 5
// pages open measures container CPU and the 500 Hz loop's lateness, and in the pages the load time, the
// bus-to-pixel latency (the bridge's wallMs stamp to the animation frame after drawing) and the 3D frames/s.
//
//   node benchmarks/dashboard/browser/bench.mjs [--seconds 20] [--counts 0,1,5] [--settle 0] [--dist distribution/container/target/armature]
//
// Prints one JSON document; docs/benchmarks.md ("Dashboard") holds a run's figures.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, symlinkSync} from 'node:fs';
import {tmpdir, cpus} from 'node:os';
import {join, resolve} from 'node:path';
import {createServer} from 'node:net';
import {launch, login, until} from '../../../tools/dashboard-e2e/browser.mjs';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const SECONDS = Number(args.seconds ?? 20);
const WARMUP_MS = 5000;
const DIST = resolve(args.dist ?? join(REPO, 'distribution/container/target/armature'));
const ID = 'dashbench';

function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => ok(port));
    });
  });
}

function launcher(...a) {
  return ['java', ['-Xshare:auto', `-Darmature.dist=${DIST}`, '-cp', `${DIST}/lib/*`, 'armature.launcher.Main', ...a]];
}

/** CPU seconds (user + system) the process has used so far, from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return ticks / 100; // USER_HZ is 100 on Linux
}

const percentile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x, d = 1) => (x == null ? null : Number(x.toFixed(d)));

async function startContainer(home) {
  const port = await freePort();
  const [cmd, a] = launcher('run', '--home', home, '--id', ID, '--port', String(port), '--http-port', '0', '--features', 'sim-hand,hand-baseline,dashboard');
  const child = spawn(cmd, a, {stdio: ['ignore', 'pipe', 'pipe']});
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = await until('the dashboard URL in the run log', () => log.match(/dashboard: open (\S+)/)?.[1], 180000);
  return {child, url, port, log: () => log};
}

function cli(home, port, ...a) {
  const [cmd, rest] = launcher(...a, '--home', home, '--id', ID);
  const r = spawnSync(cmd, a[0] === 'access' ? rest : [...rest, '--broker', `tcp://127.0.0.1:${port}`], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`armature ${a.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The loop's statistics documents published during the window (one a second), through `armature echo`. */
function echoStatistics(home, port, seconds) {
  const [cmd, rest] = launcher('echo', `armature/v1/${ID}/control/hand/statistics`, '--seconds', String(seconds), '--home', home, '--id', ID, '--broker', `tcp://127.0.0.1:${port}`);
  const child = spawn(cmd, rest, {stdio: ['ignore', 'pipe', 'pipe']});
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((ok) => child.on('exit', () => ok(out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)))));
}

async function openPage(browser, url, user, password) {
  const started = Date.now();
  const page = await login(browser, url, user, password);
  await page.waitForFunction(() => window.armatureMetrics.plotSamples > 0 && window.armatureMetrics.sceneFrames > 0, null, {timeout: 60000});
  const liveMs = Date.now() - started;
  // A reload with the session cookie: the page itself, without typing the login.
  const t0 = Date.now();
  await page.reload();
  await page.waitForFunction(() => window.armatureMetrics.plotSamples > 0 && window.armatureMetrics.sceneFrames > 0, null, {timeout: 60000});
  const reloadLiveMs = Date.now() - t0;
  const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
  return {page, loginToLiveMs: liveMs, reloadToLiveMs: reloadLiveMs, loadEventMs: nav.loadEventEnd, domContentLoadedMs: nav.domContentLoadedEventEnd};
}

async function window_(home, port, pid, pages) {
  for (const p of pages) await p.page.evaluate(() => {
    window.armatureMetrics.latencyMs.length = 0;
    window.armatureMetrics.sceneLatencyMs.length = 0;
  });
  const frames0 = await Promise.all(pages.map((p) => p.page.evaluate(() => window.armatureMetrics.sceneFrames)));
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  const stats = await echoStatistics(home, port, SECONDS);
  const wallS = (Date.now() - t0) / 1000;
  const cpu = (cpuSeconds(pid) - cpu0) / wallS;
  const inPages = await Promise.all(pages.map((p) => p.page.evaluate(() => ({...window.armatureMetrics}))));
  const latency = inPages.flatMap((m) => m.latencyMs);
  const sceneLatency = inPages.flatMap((m) => m.sceneLatencyMs);
  const fps = inPages.map((m, i) => (m.sceneFrames - frames0[i]) / wallS);
  const timing = stats.map((s) => s.timing ?? s.statistics?.timing).filter(Boolean);
  return {
    pages: pages.length,
    seconds: round(wallS),
    containerCpuPercent: round(cpu * 100),
    loop: {
      windows: timing.length,
      latenessP50MedianUs: round(percentile(timing.map((t) => t.latenessP50Nanos / 1000), 50)),
      latenessP99MedianUs: round(percentile(timing.map((t) => t.latenessP99Nanos / 1000), 50)),
      latenessP99WorstUs: round(Math.max(...timing.map((t) => t.latenessP99Nanos / 1000))),
      latenessMaxUs: round(Math.max(...timing.map((t) => t.latenessMaxNanos / 1000))),
      overruns: timing.reduce((a, t) => a + t.overruns, 0),
      ticks: timing.reduce((a, t) => a + t.ticks, 0),
    },
    busToPixelMs: latency.length ? {samples: latency.length, p50: round(percentile(latency, 50)), p99: round(percentile(latency, 99))} : null,
    busTo3dPixelMs: sceneLatency.length ? {samples: sceneLatency.length, p50: round(percentile(sceneLatency, 50)), p99: round(percentile(sceneLatency, 99))} : null,
    sceneFramesPerSecond: fps.length ? fps.map((f) => round(f)) : null,
  };
}

const home = mkdtempSync(join(tmpdir(), 'armature-dashbench-'));
symlinkSync(join(REPO, 'examples'), join(home, 'examples'));
const container = await startContainer(home);
const browser = await launch();
const result = {date: new Date().toISOString(), cpus: cpus().length, cpuModel: cpus()[0]?.model, url: container.url, windowSeconds: SECONDS, runs: []};
try {
  const password = JSON.parse(cli(home, container.port, 'access', 'add', 'bench', '--role', 'operator', '--json')).password;
  const pid = container.child.pid;
  // --settle: seconds the container runs with no page before the first window, so that its own start (the JIT
  // compiling the broker, the simulator and the loop for about a minute) is not what the windows measure
  const settle = Number(args.settle ?? 0);
  if (settle > 0) await new Promise((r) => setTimeout(r, settle * 1000));
  result.settleSeconds = settle;
  const pages = [];
  const counts = (args.counts ?? '0,1,5').split(',').map(Number);
  for (const count of counts) {
    while (pages.length < count) pages.push(await openPage(browser, container.url, 'bench', password));
    await new Promise((r) => setTimeout(r, WARMUP_MS)); // let the new pages settle before measuring
    result.runs.push(await window_(home, container.port, pid, pages));
  }
  result.pageLoad = pages.map(({loginToLiveMs, reloadToLiveMs, loadEventMs, domContentLoadedMs}) => ({loginToLiveMs, reloadToLiveMs, loadEventMs: round(loadEventMs), domContentLoadedMs: round(domContentLoadedMs)}));
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  container.child.kill('SIGTERM');
}
