import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Sends `type` with the page's button and its form: fails if the button is not there, fills
 * the form with `fill`, sends, and waits for the page's answer; a refusal fails with its words.
 */
export async function sendWithForm(page: Page, type: string, fill: (form: Locator) => Promise<void> = async () => {}) {
  const button = page.locator(`#events button[data-event="${type}"]`);
  expect(await button.count(), `the page offers no button for ${type}`).toBe(1);
  await button.click();
  const form = page.locator(`form[data-event="${type}"]`);
  await form.waitFor();
  await fill(form);
  await form.getByRole('button', { name: '发送', exact: true }).click();
  // The answer redraws the page (the form goes); a payload the form cannot make stays in it with its problem.
  await expect.poll(async () => (await form.count()) === 0 || (await form.locator('.problem').count()) > 0, { timeout: 15_000 }).toBe(true);
  const problem = page.locator('#outcome .problem, form[data-event] .problem');
  if (await problem.count()) throw new Error(`${type} refused: ${await problem.first().textContent()}`);
}
