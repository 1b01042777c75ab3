/**
 * Sales teams as an administrator sets them up and a rep sees them: create a team in a region
 * with its leader and members, take a member off, and read it as a rep of that region.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, journeysOnOneServer, OPEN_DROPDOWN, screenshot } from './harness.ts';

const journeys = journeysOnOneServer();

/** The teams page, signed in as `username`. */
const openTeams = (username: string): Promise<Page> => journeys.open(username, '/teams', { locale: 'zh-CN' });

async function rowOf(page: Page, teamName: string): Promise<string[]> {
  const row = page.getByTestId('teams-table').locator('tbody tr[data-row-key]').filter({ hasText: teamName });
  return (await row.locator('td').allTextContents()).map((cell) => cell.trim());
}

describe('sales teams', () => {
  it('an administrator creates a 华东 team with its leader and reps, then takes a rep off it', async () => {
    const page = await openTeams('admin');
    await page.getByTestId('teams-table').waitFor();
    await page.getByTestId('team-new').click();

    await page.getByTestId('team-name').fill('华东一组');
    await page.getByTestId('team-region').click();
    await page.keyboard.type('华东');
    await page.locator(`${OPEN_DROPDOWN} .ant-select-tree-node-content-wrapper[title="华东"]`).click();

    await page.getByTestId('team-leader').click();
    // Reps of the team's region come first, under their own heading.
    const groups = page.locator(`${OPEN_DROPDOWN} .ant-select-item-group`);
    // Polled: the list is drawn again when the users arrive (slow under a busy machine).
    await expect
      .poll(async () => (await groups.allTextContents()).map((text) => text.trim()))
      .toEqual(['本区域', '其他区域']);
    await chooseOption(page, '李华东');

    await page.getByTestId('team-members').click();
    await chooseOption(page, '张伟');
    await chooseOption(page, '刘芳');
    await page.keyboard.press('Escape');
    await screenshot(page, 'teams-01-new-team-form');
    await page.getByTestId('team-save').click();
    await page.getByTestId('team-form').waitFor({ state: 'detached' });

    await page.getByTestId('teams-table').getByText('华东一组').waitFor();
    const created = await rowOf(page, '华东一组');
    expect(created.slice(0, 3)).toEqual(['华东一组', '华东', '李华东']);
    expect(created[3]).toContain('张伟');
    expect(created[3]).toContain('刘芳');
    expect(created[3]).toContain('2 人');
    await screenshot(page, 'teams-02-team-listed');

    // 刘芳 works in 华南: take her off the team again.
    await page.getByTestId('teams-table').locator('[data-testid^="team-edit-"]').first().click();
    const members = page.getByTestId('team-members');
    await members.getByText('刘芳').waitFor();
    await members
      .locator('.ant-select-selection-item')
      .filter({ hasText: '刘芳' })
      .locator('.ant-select-selection-item-remove')
      .click();
    await page.getByTestId('team-save').click();
    await page.getByTestId('team-form').waitFor({ state: 'detached' });
    await page.getByTestId('teams-table').getByText('1 人').waitFor();
    const changed = await rowOf(page, '华东一组');
    expect(changed[3]).toContain('张伟');
    expect(changed[3]).not.toContain('刘芳');
    await screenshot(page, 'teams-03-rep-removed');
  }, 90_000);

  it('a 华东 rep sees the team by name but cannot change it; a 华南 rep does not see it', async () => {
    const east = await openTeams('rep.east');
    await east.getByTestId('teams-table').getByText('华东一组').waitFor();
    const row = await rowOf(east, '华东一组');
    expect(row.slice(0, 3)).toEqual(['华东一组', '华东', '李华东']);
    expect(row[3]).toContain('张伟');
    expect(await east.getByTestId('team-new').count()).toBe(0);
    expect(await east.locator('[data-testid^="team-edit-"]').count()).toBe(0);
    await east.getByText('您只能查看团队').waitFor();
    await screenshot(east, 'teams-04-rep-read-only');

    await east.getByTestId('lang-switch').getByText('English', { exact: true }).click();
    await east.getByText('Sales teams').first().waitFor();
    expect(await east.getByTestId('teams-table').locator('thead').textContent()).toContain('Leader');
    await screenshot(east, 'teams-05-rep-read-only-en');

    const south = await openTeams('rep.south');
    await south.getByTestId('teams-table').getByText('还没有团队').waitFor();
    expect(await south.getByTestId('teams-table').locator('tbody tr[data-row-key]').count()).toBe(0);
  }, 60_000);
});
