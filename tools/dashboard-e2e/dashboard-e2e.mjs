// The dashboard in a real browser, one phase per run (DashboardBrowserIT runs them in order and checks the
// container between them with the CLI):
//   node dashboard-e2e.mjs watch   URL USER PASSWORD SHOTS   log in, joint plot updates, 3D renders and moves,
//                                                             trip the e-stop with the button, LATCHED shown
//   node dashboard-e2e.mjs observe URL USER PASSWORD SHOTS   as an observer: acknowledge/reset disabled with the
//                                                             reason, and refused (403) when sent anyway
//   node dashboard-e2e.mjs recover URL USER PASSWORD SHOTS JAR  as an operator: acknowledge, reset, then deploy
//                                                             JAR by dropping it on the drop zone, see a refused
//                                                             configuration value's reason inline, and install
//                                                             and uninstall the feature heartbeat
//   node dashboard-e2e.mjs panels  URL USER PASSWORD SHOTS   with features vision-sim and sensors: every camera's
//                                                             newest frame shown, markers drawn over a frame, a failing
//                                                             ffmpeg camera (cam-x) shown restarting with its reason, the block's
//                                                             fused pose and its error, the estimate in 3D; the
//                                                             sensor thermo1 with its counts and latest refusal
// Prints one JSON line {"phase", "ok": true, ...figures}; on failure a message, a screenshot and exit code 1.
import {readFile, mkdir} from 'node:fs/promises';
import {basename, join} from 'node:path';
import {launch, login, until} from './browser.mjs';

const [phase, url, user, password, shots, jar] = process.argv.slice(2);

async function estopState(page) {
  return page.getAttribute('#estop-state', 'data-state');
}

async function watch(page) {
  const samples = () => page.getAttribute('#plot-samples', 'data-samples').then(Number);
  const first = await until('joint samples in the plot', async () => ((await samples()) > 10 ? samples() : 0));
  const plot = page.locator('#joint-plots .plot').first();
  const plotBefore = await plot.screenshot();
  await until('more joint samples', async () => (await samples()) > first + 30);
  const plotChanged = await until('the position plot to change', async () => !(await plot.screenshot()).equals(plotBefore));
  await page.locator('#joint-plots').screenshot({path: join(shots, 'dashboard-plots.png')});
  await page.waitForFunction(() => window.armatureMetrics.sceneFrames > 2, null, {timeout: 30000});
  const canvas = page.locator('#scene-canvas');
  const sceneBefore = await canvas.screenshot({path: join(shots, 'dashboard-3d.png')});
  const sceneChanged = await until('the 3D view to move with the joints', async () => !(await canvas.screenshot()).equals(sceneBefore));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({path: join(shots, 'dashboard-overview.png')});
  // The hand's baseline policy reports in the policies panel, and an e-stop pauses it.
  const policyState = () => page.getAttribute('#policies tr[data-policy="hand"]', 'data-state', {timeout: 1000}).catch(() => null);
  const policyBefore = await until('the policy hand in the policies panel', policyState);
  await page.click('#estop-trip');
  await until('LATCHED in the page', async () => (await estopState(page)) === 'LATCHED');
  await page.locator('#safety').screenshot({path: join(shots, 'dashboard-estop-latched.png')});
  const policyAfter = await until('the policy hand paused by the e-stop', async () => {
    const state = await policyState();
    const paused = await page.getAttribute('#policies tr[data-policy="hand"]', 'data-paused', {timeout: 1000}).catch(() => null);
    return paused === 'true' ? `${state} (paused)` : null;
  });
  // Temperature and wear per joint from the loop's statistics.
  const wearRows = await until('the temperature and wear table', () => page.locator('#wear tr[data-joint]').count());
  // How the kernel schedules the loop thread, from the same statistics.
  const loopThread = await page.evaluate(() => {
    const dt = [...document.querySelectorAll('#loop-timing dt')].find((e) => e.textContent === 'Loop thread');
    return dt ? dt.nextElementSibling.textContent : null;
  });
  const m = await page.evaluate(() => window.armatureMetrics);
  return {plotSamples: m.plotSamples, plotChanged, sceneChanged, sceneFps: m.sceneFps, estop: await estopState(page), policyBefore, policyAfter, wearRows, loopThread};
}

async function observe(page) {
  const reasons = {};
  for (const id of ['estop-acknowledge', 'estop-reset']) {
    const button = page.locator(`#${id}`);
    if (!(await button.isDisabled())) throw new Error(`#${id} is enabled for an observer`);
    reasons[id] = await button.getAttribute('data-reason');
  }
  if (!(await page.locator('#deploy-file').isDisabled())) throw new Error('the deploy input is enabled for an observer');
  // Sent anyway (as a script could), the server refuses it with a reason.
  const refused = await page.evaluate(async () => {
    const res = await fetch('api/estop/hand/acknowledge', {method: 'POST', headers: {'X-Armature': '1', 'Content-Type': 'application/json'}, body: '{}'});
    return {status: res.status, body: await res.json().catch(() => null)};
  });
  if (refused.status !== 403) throw new Error(`an observer's acknowledge answered ${refused.status}, expected 403`);
  return {reasons, refusedStatus: refused.status, refusedReason: refused.body?.error, estop: await estopState(page)};
}

async function recover(page) {
  await until('the latched e-stop in the page', async () => (await estopState(page)) === 'LATCHED');
  await page.click('#estop-acknowledge');
  await until('ACKNOWLEDGED in the page', async () => (await estopState(page)) === 'ACKNOWLEDGED');
  await page.click('#estop-reset');
  await until('CLEAR in the page', async () => (await estopState(page)) === 'CLEAR');
  // Drag and drop: a DataTransfer holding the jar, dropped on the drop zone.
  const bytes = (await readFile(jar)).toString('base64');
  const transfer = await page.evaluateHandle(
    ({bytes, name}) => {
      const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, {type: 'application/java-archive'}));
      return dt;
    },
    {bytes, name: basename(jar)},
  );
  await page.dispatchEvent('#deploy-drop', 'dragover', {dataTransfer: transfer});
  await page.dispatchEvent('#deploy-drop', 'drop', {dataTransfer: transfer});
  const result = await page.waitForSelector('#deploy-result, #deploy-error', {timeout: 60000});
  const text = await result.textContent();
  if ((await result.getAttribute('id')) === 'deploy-error') throw new Error(`deploy failed: ${text}`);
  await page.locator('#container').screenshot({path: join(shots, 'dashboard-container.png')});
  // A configuration value the loop's metadata refuses: the reason shows under the form.
  await page.fill('#config-pid', 'armature.control~hand');
  await page.click('#config-load');
  await page.waitForSelector('#config-form input[name=rateHz]', {timeout: 30000});
  await page.fill('#config-form input[name=rateHz]', '5000');
  await page.click('#config-save');
  const configError = await until('the refusal under the configuration form', async () => (await page.textContent('#config-error')).trim());
  // A feature installed and uninstalled with its button.
  const heartbeat = page.locator('#features tr[data-feature="heartbeat"]');
  const installed = () => heartbeat.getAttribute('data-installed', {timeout: 1000}).catch(() => null);
  await until('the heartbeat feature listed', async () => (await installed()) === 'false');
  await page.click('#features button[data-feature="heartbeat"]');
  await until('heartbeat installed', async () => (await installed()) === 'true', 60000);
  await page.click('#features button[data-feature="heartbeat"]');
  await until('heartbeat uninstalled', async () => (await installed()) === 'false', 60000);
  return {
    featureCycled: 'heartbeat',
    estop: await estopState(page),
    deployed: await result.getAttribute('data-bundle'),
    deployState: await result.getAttribute('data-state'),
    deployText: text,
    configError,
  };
}

async function panels(page) {
  const cards = page.locator('#cameras figure.camera');
  // The three synthetic cameras, and cam-x, an ffmpeg camera whose input does not exist.
  await until('four camera cards', async () => (await cards.count()) >= 4, 60000);
  const cameras = [];
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i);
    const id = await card.getAttribute('data-camera');
    if (id === 'cam-x') continue;
    await until(`a frame of ${id} shown`, async () => Number(await card.getAttribute('data-shown')) > 0, 60000);
    // The size recorded when a frame last loaded (a frame still loading or failing after it does not change it).
    const size = ((await card.getAttribute('data-size')) ?? '0x0').split('x').map(Number);
    const failed = Number((await card.getAttribute('data-failed')) ?? 0);
    cameras.push({id, size, failed, card, polygons: 0});
  }
  // The markers found in a frame drawn over it. The policy's fingers hide the block from each
  // camera for seconds at a time, and which cameras see a tag depends on how the block came to
  // rest, so this waits for markers over any camera's frame and reports what each one drew.
  const drawn = async () => {
    let total = 0;
    for (const camera of cameras) {
      const n = await camera.card.locator('svg.camera-overlay polygon').count();
      camera.polygons = Math.max(camera.polygons, n);
      total += n;
    }
    return total;
  };
  const polygons = await until('markers drawn over a camera frame', drawn, 60000);
  for (const camera of cameras) delete camera.card;
  const failing = page.locator('#cameras figure.camera[data-camera="cam-x"]');
  // One read of the text: cam-x passes between RESTARTING and STARTING about once a second.
  const failingStatus = await until('cam-x shown restarting with its reason', async () => {
    const text = (await failing.locator('.camera-status').textContent({timeout: 1000}).catch(() => '')) ?? '';
    return text.startsWith('restarting') && text.includes('No such file') ? text : null;
  }, 60000);
  const row = page.locator('#vision-objects tr[data-object="block"]');
  const errorText = await until('the block\'s pose error in the table', async () => {
    const text = (await row.locator('td.pose-error').textContent({timeout: 1000}).catch(() => '')) ?? '';
    return text.includes('mm') ? text : null;
  }, 60000);
  const estimates = await until('the estimate in the 3D view', async () => Number(await page.getAttribute('#scene-canvas', 'data-estimates')) > 0, 60000);
  await page.locator('#vision').screenshot({path: join(shots, 'dashboard-vision.png')});
  // A camera with no frame: a clear 404.
  const missing = await page.evaluate(async () => {
    const res = await fetch('api/cameras/no-such-camera/frame');
    return {status: res.status, body: await res.json().catch(() => null)};
  });
  // The sensors panel: the test's device thermo1 with samples accepted and one refused, then silent
  // (it sent them once, at the start, and stays connected).
  const sensor = page.locator('#sensors tr[data-sensor="thermo1"]');
  await until('thermo1 with accepted and rejected samples, silent', async () => {
    const accepted = Number(await sensor.getAttribute('data-accepted', {timeout: 1000}).catch(() => 0));
    const rejected = Number(await sensor.getAttribute('data-rejected', {timeout: 1000}).catch(() => 0));
    const state = await sensor.getAttribute('data-state', {timeout: 1000}).catch(() => '');
    return accepted >= 5 && rejected >= 1 && state === 'SILENT';
  }, 60000);
  const sensorState = await sensor.getAttribute('data-state');
  const rejection = await sensor.locator('td.rejection').textContent();
  await page.locator('#sensors-panel').screenshot({path: join(shots, 'dashboard-sensors.png')});
  return {
    cameras,
    polygons,
    failingStatus,
    errorText,
    estimates,
    missingStatus: missing.status,
    missingError: missing.body?.error,
    sensorState,
    accepted: Number(await sensor.getAttribute('data-accepted')),
    rejected: Number(await sensor.getAttribute('data-rejected')),
    rejection,
  };
}

const phases = {watch, observe, recover, panels};
const run = phases[phase];
if (!run || !url || !user || !password || !shots || (phase === 'recover' && !jar)) {
  console.error('usage: node dashboard-e2e.mjs watch|observe|recover|panels URL USER PASSWORD SHOTS [JAR]');
  process.exit(2);
}
await mkdir(shots, {recursive: true});
const browser = await launch();
let page;
try {
  page = await login(browser, url, user, password);
  const figures = await run(page);
  console.log(JSON.stringify({phase, ok: true, ...figures}));
} catch (e) {
  if (page) await page.screenshot({path: join(shots, `failed-${phase}.png`)}).catch(() => {});
  console.error(`${phase} failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
