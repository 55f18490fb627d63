// Starts Debian's chromium through playwright-core (nothing downloaded) and logs in to the dashboard.
import {chromium} from 'playwright-core';

export const CHROMIUM = process.env.ARMATURE_CHROMIUM ?? '/usr/bin/chromium';

/** A headless chromium; --no-sandbox because CI runs as root. WebGL runs on SwiftShader (software). */
export function launch() {
  return chromium.launch({executablePath: CHROMIUM, headless: true, args: ['--no-sandbox']});
}

/** A new page logged in as user; resolves once the dashboard shows who is logged in. */
export async function login(browser, url, user, password) {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForSelector('#who', {timeout: 30000});
  return page;
}

/** Polls fn until it returns a truthy value (every 100 ms, at most timeoutMs). */
export async function until(what, fn, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
