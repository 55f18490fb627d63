// Where a fresh login's time goes, from navigation to the first plotted joint sample and 3D frame:
// every API request and the live socket with their start and end, relative to navigation.
//   node tools/dashboard-e2e/profile-login.mjs URL USER PASSWORD
import {launch} from './browser.mjs';

const [url, user, password] = process.argv.slice(2);
const browser = await launch();
const context = await browser.newContext({viewport: {width: 1280, height: 900}});
const page = await context.newPage();
const t0 = Date.now();
const at = () => Date.now() - t0;
const events = [];
const started = new Map();
page.on('request', (r) => started.set(r, at()));
page.on('requestfinished', (r) => {
  const u = new URL(r.url());
  if (u.pathname.includes('/api/')) events.push([started.get(r), at(), `${r.method()} ${u.pathname}`]);
});
page.on('websocket', (ws) => {
  const opened = at();
  let first = null;
  ws.on('framereceived', () => {
    if (first === null) {
      first = at();
      events.push([opened, first, 'websocket: open to first message']);
    }
  });
});
await page.goto(url);
events.push([0, at(), 'navigation (goto resolved)']);
await page.fill('#login-user', user);
await page.fill('#login-password', password);
const clicked = at();
await page.click('#login-submit');
await page.waitForSelector('#who', {timeout: 30000});
events.push([clicked, at(), 'submit to #who']);
await page.waitForFunction(() => window.armatureMetrics.plotSamples > 0, null, {timeout: 60000});
events.push([clicked, at(), 'submit to first plotted sample']);
await page.waitForFunction(() => window.armatureMetrics.sceneFrames > 0, null, {timeout: 60000});
events.push([clicked, at(), 'submit to first 3D frame']);
events.sort((a, b) => a[0] - b[0]);
for (const [s, e, what] of events) console.log(`${String(s).padStart(6)} ${String(e).padStart(6)} ${String(e - s).padStart(6)} ms  ${what}`);
await browser.close();
