/**
 * What journeys 11–16 share beyond the harness: opening the Azure view on vmss-dev, pressing a
 * view's title-bar button, reading a view's description, and asking the emulator's request log
 * what a refresh sent.
 */
import type { Locator } from 'playwright-core';
import type { RecordedRequest } from '../../../emulator/src/index';
import { type VsCodeSession, waitFor } from '../harness';

/** Presses a button of a view's title bar (shown on hover), by its title as VS Code labels it. */
export async function pressTitleAction(pane: Locator, title: string | RegExp): Promise<void> {
  const header = pane.locator('.pane-header').first();
  await header.hover();
  const matches = (label: string): boolean => (typeof title === 'string' ? label.startsWith(title) : title.test(label));
  const labels = await waitFor(`title action ${String(title)}`, async () => {
    const found = await titleActions(pane);
    return found.some(matches) ? found : undefined;
  }, 10_000);
  await header.locator('.actions a.action-label').nth(labels.findIndex(matches)).click();
}

/** The labels of a view's title-bar buttons (to check what is offered). */
export async function titleActions(pane: Locator): Promise<string[]> {
  const header = pane.locator('.pane-header').first();
  await header.hover();
  return header.locator('.actions a.action-label').evaluateAll((els: Array<{ getAttribute(n: string): string | null }>) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

/** The description a view shows in its title bar (identity source, active filter). */
export async function paneDescription(pane: Locator): Promise<string> {
  return ((await pane.locator('.pane-header .description').first().textContent().catch(() => '')) ?? '').trim();
}

/** ARM GETs answered after `sinceSeq`. */
export function armGets(s: VsCodeSession, sinceSeq: number): RecordedRequest[] {
  return s.emu.requests.where({ service: 'arm' }).filter((r) => r.seq > sinceSeq && r.method === 'GET');
}

export function lastSeq(s: VsCodeSession): number {
  return Math.max(0, ...s.emu.requests.where({}).map((r) => r.seq));
}

/** Waits until the emulator has received a request matching `match` (e.g. a listing in flight). */
export async function waitForRequest(s: VsCodeSession, what: string, match: (r: RecordedRequest) => boolean, timeoutMs = 60_000): Promise<RecordedRequest> {
  return waitFor(what, () => s.emu.requests.where({}).find(match), timeoutMs, 100);
}

/** Collapses a view pane (when expanded), so the others get its height. */
export async function collapsePane(s: VsCodeSession, title: string | RegExp): Promise<void> {
  const header = s.pane(title).locator('.pane-header').first();
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  await waitFor(`pane ${String(title)} to collapse`, async () => ((await header.getAttribute('aria-expanded')) === 'false' ? true : undefined), 10_000);
}

/** Presses a row's inline button (shown on hover), e.g. "Refresh This". */
export async function pressInlineAction(s: VsCodeSession, rowText: string | RegExp, within: Locator, title: string): Promise<void> {
  const row = await s.reveal(rowText, within);
  await row.hover();
  const button = row.locator(`.actions a.action-label[aria-label^="${title}"]`).first();
  await button.waitFor();
  await button.click();
}

/**
 * Opens Fleet Power with only the Azure view open (so it gets the side bar's height) and
 * Contoso Dev/Test → vmss-dev expanded; returns the Azure view.
 */
export async function openDevScaleSet(s: VsCodeSession): Promise<Locator> {
  await s.openFleetPower();
  await collapsePane(s, 'Recent Operations');
  await collapsePane(s, 'Volcengine ECS');
  const azure = await s.expandPane('Azure Scale Sets');
  await s.expand('Contoso Dev/Test', azure);
  await s.expand('vmss-dev', azure);
  return azure;
}
