/**
 * The exchange-rate register as finance keeps it and everyone else reads it: finance records a
 * EUR rate for a day, replaces it after the warning that one is on file, and sees which rate a
 * document of the next day would take; a sales rep reads the register but cannot add to it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, journeysOnOneServer, screenshot } from './harness.ts';

/** A day long past, so that no rate of the sample data is on it or after it nearby. */
const RATE_DAY = '2020-03-02';

const journeys = journeysOnOneServer();

/** The register, signed in as `username`, in English. */
async function openRates(username: string): Promise<Page> {
  const page = await journeys.open(username, '/exchange-rates', { locale: 'en-US' });
  await page.getByTestId('exchange-rates-table').waitFor();
  return page;
}

async function choose(page: Page, selectTestId: string, option: string): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await chooseOption(page, option);
}

async function pickDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** Fills the add-rate form for EUR on RATE_DAY and saves it. */
async function addEuroRate(page: Page, rate: string): Promise<void> {
  await page.getByTestId('exchange-rate-add').click();
  await choose(page, 'exchange-rate-currency', 'EUR');
  await pickDate(page, 'exchange-rate-date', RATE_DAY);
  await page.getByTestId('exchange-rate-rate').fill(rate);
  await page.locator('#exchange-rate-save').click();
}

const rowOfDay = (page: Page) => page.locator(`tr[data-row-key="EUR/${RATE_DAY}"]`);

describe('exchange rates', () => {
  it('finance records a rate, replaces it after the warning, and sees the rate a document would take', async () => {
    const page = await openRates('finance');
    await choose(page, 'exchange-rates-filter-currency', 'EUR');

    await addEuroRate(page, '7.8123');
    await expect.poll(() => rowOfDay(page).textContent()).toContain('7.8123');

    // The same day again: the form warns that a rate is on file, and replaces it only when asked.
    await addEuroRate(page, '7.9001');
    await page.getByTestId('exchange-rate-replace').waitFor();
    expect(await page.getByTestId('exchange-rate-replace').textContent()).toContain('7.9001');
    await page.getByTestId('exchange-rate-replace-confirm').click();
    await expect.poll(() => rowOfDay(page).textContent()).toContain('7.9001');
    expect(await rowOfDay(page).textContent()).not.toContain('7.8123');

    // A EUR document of the next day takes that day's rate (the latest on or before its date).
    await choose(page, 'exchange-rate-lookup-currency', 'EUR');
    await pickDate(page, 'exchange-rate-lookup-date', '2020-03-03');
    const result = page.getByTestId('exchange-rate-lookup-result');
    await expect.poll(() => result.textContent()).toContain('7.9001');
    expect(await result.textContent()).toContain('of 2 Mar 2020');
    await page.keyboard.press('Escape');
    await screenshot(page, 'exchange-rates-01-finance');
  });

  it('a sales rep reads the register, with the rate finance recorded, but cannot add one', async () => {
    const page = await openRates('rep.east');
    await choose(page, 'exchange-rates-filter-currency', 'EUR');
    await expect.poll(() => rowOfDay(page).textContent()).toContain('7.9001');
    expect(await page.getByTestId('exchange-rate-add').count()).toBe(0);
    await screenshot(page, 'exchange-rates-02-rep');
  });
});
