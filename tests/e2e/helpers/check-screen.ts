import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect } from '../fixtures';
import { smallTargets, MIN_TARGET_PX } from './targets';

/**
 * The checks issue 20 asks of every screen a journey shows, at the 1366×768 of the village PCs:
 * - a screenshot attached to the test (in the report and under the test's output folder);
 * - axe (WCAG 2 A/AA): no serious or critical finding, and no `heading-order` finding of any impact
 *   (a best-practice rule, so it is asked for by name);
 * - every clickable target at least 44×44 px (helpers/targets.ts).
 * `name` is the screen's `data-screen` (or a dialog's `data-dialog`); `label` names the screenshot when one screen is shown in several states.
 */
export async function checkScreen(page: Page, testInfo: TestInfo, name: string, label = name): Promise<void> {
  await expect(page.locator(`[data-screen="${name}"], [data-dialog="${name}"]`).first()).toBeVisible();
  const shot = await page.screenshot({ path: testInfo.outputPath(`${label}.png`) });
  await testInfo.attach(label, { body: shot, contentType: 'image/png' });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `serious or critical axe findings on ${label}`).toEqual([]);
  const order = await new AxeBuilder({ page }).withRules(['heading-order']).analyze();
  expect(
    order.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`)),
    `heading-order on ${label}`,
  ).toEqual([]);
  expect(
    await smallTargets(page),
    `targets smaller than ${MIN_TARGET_PX}×${MIN_TARGET_PX} px on ${label}`,
  ).toEqual([]);
}

/** The page fits the screen: nothing to scroll, sideways or down (the 1366×768 budget of a screen). */
export async function expectNoScroll(page: Page, what: string): Promise<void> {
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    viewWidth: window.innerWidth,
    viewHeight: window.innerHeight,
  }));
  expect(size.width, `${what}: page wider than the screen`).toBeLessThanOrEqual(size.viewWidth);
  expect(size.height, `${what}: page taller than the screen`).toBeLessThanOrEqual(size.viewHeight);
}

/** The element is wholly inside the visible screen, with no scrolling. */
export async function expectInFirstScreen(page: Page, selector: string, what: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${what}: not on screen`).not.toBeNull();
  const view = page.viewportSize()!;
  expect(box!.y + box!.height, `${what}: below the first screen`).toBeLessThanOrEqual(view.height);
  expect(box!.x + box!.width, `${what}: right of the screen`).toBeLessThanOrEqual(view.width);
}
