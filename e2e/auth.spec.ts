/**
 * Sign-in, language and sign-out, the way a person does them in a browser against the real server.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type E2eServer, launchBrowser, screenshot, startE2eServer } from './harness.ts';

const ADMIN = { username: 'admin', password: 'Pulse-demo-2026', displayName: '系统管理员' };
const SESSION_COOKIE = 'pulse_session';

let server: E2eServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

// One server and one browser for the file: starting them is what costs time, not the journeys.
beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

// The app adopts the language saved on the user's account when the browser has none of its own,
// so a journey that switches language would change how the next one starts: clear it each time.
beforeEach(async () => {
  if (!server) throw new Error('the server did not start');
  await clearLanguagePreference(server.url, ADMIN.username, ADMIN.password);
});

// Every journey starts in a clean browser profile: no cookies, no saved language.
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** Through the API rather than the browser: this is set-up, not part of what a journey tests. */
async function clearLanguagePreference(url: string, username: string, password: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${username} failed: HTTP ${login.status} ${await login.text()}`);
  const session = login.headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!session) throw new Error('no session cookie after sign-in');
  const cookie = session.split(';')[0] ?? '';
  const update = await fetch(`${url}/api/auth/me`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', cookie },
    body: JSON.stringify({ language: null }),
  });
  if (!update.ok) throw new Error(`clearing the language failed: HTTP ${update.status}`);
  await fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
}

async function openPage(options: BrowserContextOptions): Promise<Page> {
  if (!browser || !server) throw new Error('the server or the browser did not start');
  context = await browser.newContext({ baseURL: server.url, ...options });
  // Long enough for a cold first page load, short enough that a broken page fails the test in time.
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  // A visitor the app already sent to the login page signs in there, without loading it again.
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/**
 * Waits until the address is the login page's. The app moves there with history.replaceState,
 * and Playwright learns of that a moment after the page has drawn the form: reading page.url()
 * as soon as the form shows failed once in CI with the old path.
 */
async function expectOnLoginPage(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/login', { timeout: 5_000 });
}

async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

describe('signing in and out', () => {
  it('a user signs in in a Chinese browser, switches to English, keeps it after a reload and signs out', async () => {
    const page = await openPage({ locale: 'zh-CN' });
    await page.goto('/');
    // Without a session, the app sends the visitor to the login page.
    await page.getByTestId('login-submit').waitFor();
    await expectOnLoginPage(page);
    await screenshot(page, 'auth-01-login-zh');

    await signIn(page, ADMIN.username, ADMIN.password);
    await page.getByTestId('home-title').waitFor();
    expect(await textOf(page, 'current-user')).toBe(ADMIN.displayName);
    expect(await textOf(page, 'home-title')).toBe(`欢迎，${ADMIN.displayName}`);
    expect(await textOf(page, 'logout')).toBe('退出登录');
    await screenshot(page, 'auth-02-home-zh');

    await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();
    await page.getByText('Sign out', { exact: true }).waitFor();
    expect(await textOf(page, 'home-title')).toBe(`Welcome, ${ADMIN.displayName}`);
    expect(await page.getByText('退出登录').count()).toBe(0);
    expect(await page.getByText('欢迎', { exact: false }).count()).toBe(0);
    await screenshot(page, 'auth-03-home-en');

    // The choice is remembered: a reload starts in English, not in the browser's Chinese.
    await page.reload();
    await page.getByTestId('home-title').waitFor();
    expect(await textOf(page, 'home-title')).toBe(`Welcome, ${ADMIN.displayName}`);
    expect(await textOf(page, 'logout')).toBe('Sign out');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'auth-04-home-en-after-reload');

    const session = (await context?.cookies())?.find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session, 'a session cookie after sign-in').toBeDefined();
    // The choice also went to the account, so it follows the user to other browsers.
    const me = await fetch(`${server?.url}/api/auth/me`, {
      headers: { cookie: `${SESSION_COOKIE}=${session?.value}` },
    });
    expect(((await me.json()) as { user: { language: string | null } }).user.language).toBe('en');

    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    await expectOnLoginPage(page);
    expect(await textOf(page, 'login-submit')).toBe('Sign in');
    await screenshot(page, 'auth-05-signed-out');

    // The session is over in the browser...
    await page.goto('/');
    await page.getByTestId('login-submit').waitFor();
    await expectOnLoginPage(page);
    expect(await page.getByTestId('current-user').count()).toBe(0);
    await screenshot(page, 'auth-06-home-after-sign-out');

    // ...and on the server: the old cookie, replayed, no longer opens it.
    const replay = await fetch(`${server?.url}/api/auth/me`, {
      headers: { cookie: `${SESSION_COOKIE}=${session?.value}` },
    });
    expect(replay.status).toBe(401);
  });

  it('a wrong password shows the server message in Chinese in a Chinese browser', async () => {
    const page = await openPage({ locale: 'zh-CN' });
    await signIn(page, ADMIN.username, 'not-the-password');
    await page.getByTestId('login-error').waitFor();
    expect(await textOf(page, 'login-error')).toContain('用户名或密码错误');
    await expectOnLoginPage(page);
    await screenshot(page, 'auth-07-wrong-password-zh');
  });

  it('a wrong password shows the server message in English in an English browser', async () => {
    const page = await openPage({ locale: 'en-US' });
    await signIn(page, ADMIN.username, 'not-the-password');
    await page.getByTestId('login-error').waitFor();
    expect(await textOf(page, 'login-error')).toContain('Wrong username or password');
    await expectOnLoginPage(page);
    await screenshot(page, 'auth-08-wrong-password-en');
  });

  it('on a phone the user name, language switch and sign-out button stay on screen', async () => {
    const width = 375;
    const page = await openPage({ locale: 'zh-CN', viewport: { width, height: 740 }, isMobile: true });
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.getByTestId('home-title').waitFor();
    expect(await textOf(page, 'current-user')).toBe(ADMIN.displayName);

    for (const testId of ['current-user', 'lang-switch', 'logout']) {
      const element = page.getByTestId(testId);
      expect(await element.isVisible(), `${testId} is visible`).toBe(true);
      const box = await element.boundingBox();
      expect(box, `${testId} has a box`).not.toBeNull();
      if (!box) continue;
      // Visible is not enough: it must also lie inside the screen, not pushed off its right edge.
      expect(box.x, `${testId} left edge`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${testId} right edge`).toBeLessThanOrEqual(width);
      expect(box.width, `${testId} width`).toBeGreaterThan(0);
    }
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await screenshot(page, 'auth-09-phone-home');
  });
});
