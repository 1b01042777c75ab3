/**
 * A contract of 300,000 yuan sent for approval by a 华东 rep travels DOMAIN §5's four sequential
 * steps in the browser: the sales director, legal, the finance director and the general manager
 * each find it in their inbox (and only when it is their turn), approve it there or on the
 * approval page, and the rep sees the approved contract with its timeline.
 *
 * Reps do not write contracts (the sales director does), so the contract row is written with SQL
 * as the rep's; the rep sends it for approval from the contract page.
 */
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInContext } from './api-fixtures.ts';
import { type E2eServer, launchBrowser, newJourneyContext, screenshot, startE2eServer } from './harness.ts';

const CONTRACT = 'CT-20260302-0001';
const TASK_TITLE = `审批合同 ${CONTRACT}（¥300,000.00）`;

let server: E2eServer | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let contract: { id: number; customerId: number; regionId: number };

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2eServer(), launchBrowser()]);
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: number; customerId: number; regionId: number }>(
      `INSERT INTO sales_contracts (number, customer_id, region_id, valid_from, valid_until, note, created_by)
       SELECT $1, c.id, c.region_id, '2026-01-01', '2026-12-31', '年度供货合同', u.id
         FROM customers c, users u WHERE c.code = 'H-SH-001' AND u.username = 'rep.east'
       RETURNING id, customer_id AS "customerId", region_id AS "regionId"`,
      [CONTRACT],
    );
    contract = {
      id: Number(rows[0]!.id),
      customerId: Number(rows[0]!.customerId),
      regionId: Number(rows[0]!.regionId),
    };
  } finally {
    await client.end();
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, 30_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

/**
 * A fresh browser context signed in as `username` (through the API: signing in is auth.spec's
 * journey, not this one's), on `path`.
 */
async function openSignedIn(
  username: string,
  path: string,
  viewport = { width: 1400, height: 900 },
): Promise<Page> {
  if (!browser || !server) throw new Error('the server or the browser did not start');
  const context = await newJourneyContext(browser, server, { locale: 'zh-CN', viewport });
  contexts.push(context);
  await signInContext(context, server.url, username);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

/** The open tasks' titles in the inbox on screen. */
async function readInbox(page: Page): Promise<string[]> {
  await page.getByTestId('inbox-title').waitFor();
  const list = page.getByTestId('inbox-open');
  await list.waitFor();
  await page.locator('[data-testid="inbox-open"] .ant-spin-spinning').waitFor({ state: 'detached' });
  return (await list.locator('[data-testid^="task-open-"]').allTextContents()).map((text) => text.trim());
}

/** The open tasks' titles in the inbox, freshly loaded. */
async function inboxTitles(page: Page): Promise<string[]> {
  await page.goto('/workflow');
  return readInbox(page);
}

let approvalId = 0;

describe('contract approval (DOMAIN §5, above 200,000)', () => {
  it('a 华东 rep sends a contract of 300,000 for approval and sees its four steps', async () => {
    // From the contract page: send it for approval with its value.
    const page = await openSignedIn('rep.east', `/sales-contracts/${contract.id}`);
    await page.getByTestId('contract-approval').waitFor();
    await page.getByTestId('contract-send-approval').click();
    await page
      .locator(
        'input[data-testid="contract-approval-amount"], [data-testid="contract-approval-amount"] input',
      )
      .fill('300000');
    await page.getByTestId('contract-approval-confirm').click();
    await page.getByTestId('contract-approval-status').waitFor();
    expect(await page.getByTestId('contract-approval-status').textContent()).toBe('审批中');
    const href = await page.getByTestId('contract-approval-link').getAttribute('href');
    approvalId = Number(href?.split('/').pop());
    expect(approvalId).toBeGreaterThan(0);
    await screenshot(page, 'workflow-00-contract-page-sent');

    await page.goto('/workflow?tab=mine');
    await page.getByTestId(`my-approval-${approvalId}`).getByText(CONTRACT).click();
    await page.getByTestId('approval-page').waitFor();
    expect(await page.getByTestId('approval-status').textContent()).toBe('审批中');
    expect(await page.getByTestId('approval-amount').textContent()).toBe('¥300,000.00');
    const steps = await page.locator('[data-testid^="step-"]').allTextContents();
    expect(steps.map((s) => s.replace(/(进行中|未开始)$/, ''))).toEqual([
      '销售总监',
      '法务',
      '财务总监',
      '总经理',
    ]);
    await screenshot(page, 'workflow-01-contract-sent');
  }, 90_000);

  const approvers = [
    { username: 'director', next: 'legal', via: 'inbox' },
    { username: 'legal', next: 'finance.director', via: 'inbox' },
    { username: 'finance.director', next: 'gm', via: 'page' },
    { username: 'gm', next: null, via: 'page' },
  ] as const;

  for (const [index, step] of approvers.entries()) {
    it(`step ${index + 1}: ${step.username} finds it in the inbox and approves`, async () => {
      // Both inboxes load side by side; the director approves on a phone.
      const [next, page] = await Promise.all([
        step.next ? openSignedIn(step.next, '/workflow') : null,
        openSignedIn(step.username, '/workflow', index === 0 ? { width: 390, height: 844 } : undefined),
      ]);
      // Not before its turn: the next approver does not see it yet.
      if (next) expect(await readInbox(next)).not.toContain(TASK_TITLE);

      await page.getByTestId('inbox-badge').locator('.ant-badge-count').waitFor();
      expect(await readInbox(page)).toContain(TASK_TITLE);
      const card = page.locator(`[data-approval-id="${approvalId}"]`);
      if (index === 0) await screenshot(page, 'workflow-02a-director-inbox-on-phone');
      if (step.via === 'inbox') {
        await card.locator('[data-testid^="task-approve-"]').click();
      } else {
        await card.locator('[data-testid^="task-open-"]').click();
        await page.getByTestId('approval-page').waitFor();
        await page.getByTestId('approve').click();
      }
      await page.getByTestId('decision-comment').fill(`同意（${step.username}）`);
      await page.getByTestId('decision-confirm').click();
      // The outcome as the user sees it: "已提交", or the reason the decision was refused.
      const outcome = page.locator('.ant-message-notice-success, .ant-message-notice-error').first();
      await outcome.waitFor({ timeout: 30_000 });
      expect((await outcome.textContent())?.trim()).toBe('已提交');
      await page.locator('.ant-modal').waitFor({ state: 'hidden' });
      if (step.via === 'inbox') {
        await card.waitFor({ state: 'detached' });
      } else {
        await page.getByTestId('approval-actions').waitFor({ state: 'detached' });
      }
      await screenshot(page, `workflow-0${index + 2}-${step.username}-approved`);
      // Reloaded side by side: gone from this inbox, arrived in the next one.
      const [after, nextAfter] = await Promise.all([inboxTitles(page), next ? inboxTitles(next) : null]);
      expect(after).not.toContain(TASK_TITLE);
      if (next) expect(nextAfter).toContain(TASK_TITLE);
    }, 90_000);
  }

  it('the rep sees the contract approved, with who approved when', async () => {
    const page = await openSignedIn('rep.east', `/workflow/approvals/${approvalId}`, {
      width: 390,
      height: 844,
    });
    await page.getByTestId('approval-page').waitFor();
    expect(await page.getByTestId('approval-status').textContent()).toBe('已通过');
    const timeline = await page.getByTestId('approval-timeline').textContent();
    for (const name of ['王建国', '冯律', '孙立', '陈总']) expect(timeline).toContain(name);
    expect(timeline).toContain('同意（gm）');
    await screenshot(page, 'workflow-06-approved-on-phone');
    // The bell has told the rep too.
    await page.getByTestId('bell').click();
    await page.getByText(`合同 ${CONTRACT} 已通过`).first().waitFor();
  }, 90_000);
});

describe('workflow administration', () => {
  it('an administrator tests the contract policy: 300,000 goes through four people', async () => {
    const page = await openSignedIn('admin', '/admin/approval-policies');
    await page.getByTestId('rule-2').waitFor();
    expect(await page.getByTestId('rule-name-2').inputValue()).toBe('> 200,000');
    await page
      .locator('input[data-testid="test-amount"], [data-testid="test-amount"] input')
      .first()
      .fill('300000');
    await page.getByTestId('test-run').click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('匹配规则：> 200,000');
    for (const name of ['王建国', '冯律', '孙立', '陈总']) expect(text).toContain(name);
    await screenshot(page, 'workflow-07-policy-editor');
  }, 90_000);

  it('lists the automation rules and refuses a webhook to a private address', async () => {
    const page = await openSignedIn('admin', '/admin/automation');
    await page.getByTestId('automation-rules').getByText('信用等级下降 → 复核任务').waitFor();
    await screenshot(page, 'workflow-08-automation-rules');
    await page.goto('/admin/webhooks');
    await page.getByTestId('webhook-new').click();
    await page.getByTestId('webhook-name').fill('ERP');
    await page.getByTestId('webhook-url').fill('http://169.254.169.254/latest/meta-data/');
    await page.getByTestId('webhook-save').click();
    await page.getByText('Webhook 地址被拒绝').waitFor();
    await screenshot(page, 'workflow-09-webhook-refused');
  }, 90_000);
});
