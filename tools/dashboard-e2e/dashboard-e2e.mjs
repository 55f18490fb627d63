// The dashboard in a real browser, one phase per run (DashboardBrowserIT runs them in order and checks the
// container between them with the CLI):
//   node dashboard-e2e.mjs watch   URL USER PASSWORD SHOTS   log in, joint plot updates, 3D renders and moves,
//                                                             trip the e-stop with the button, LATCHED shown
//   node dashboard-e2e.mjs observe URL USER PASSWORD SHOTS   as an observer: acknowledge/reset disabled with the
//                                                             reason, and refused (403) when sent anyway
//   node dashboard-e2e.mjs recover URL USER PASSWORD SHOTS JAR  as an operator: acknowledge, reset, then deploy
//                                                             JAR by dropping it on the drop zone, and see a
//                                                             refused configuration value's reason inline
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
  const m = await page.evaluate(() => window.armatureMetrics);
  return {plotSamples: m.plotSamples, plotChanged, sceneChanged, sceneFps: m.sceneFps, estop: await estopState(page), policyBefore, policyAfter};
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
  return {
    estop: await estopState(page),
    deployed: await result.getAttribute('data-bundle'),
    deployState: await result.getAttribute('data-state'),
    deployText: text,
    configError,
  };
}

const phases = {watch, observe, recover};
const run = phases[phase];
if (!run || !url || !user || !password || !shots || (phase === 'recover' && !jar)) {
  console.error('usage: node dashboard-e2e.mjs watch|observe|recover URL USER PASSWORD SHOTS [JAR]');
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
