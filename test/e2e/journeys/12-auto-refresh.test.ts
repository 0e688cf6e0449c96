/**
 * Journey 12: states stay current without a click. With automatic refresh every 10 s, a VM
 * deallocated behind the extension's back shows Deallocated within one interval; the row that
 * was selected stays selected and expanded rows stay expanded (the nodes are updated in place,
 * not rebuilt). While the view is collapsed nothing is read; opening it again reads once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from '../harness';
import { collapsePane, openDevScaleSet } from './fleetView';

const INTERVAL_S = 10;

void describe('journey 12: automatic refresh', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '12-auto-refresh', settings: { 'fleetPower.autoRefreshSeconds': INTERVAL_S } });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('an out-of-band change appears within one interval, in place; a hidden view reads nothing', { timeout: 240_000 }, async () => {
    assert.ok(s);
    const azure = await openDevScaleSet(s);
    assert.equal(await s.rowDescription('vmss-dev_0', azure), '#0 · Running');
    await s.select(['vmss-dev_1'], azure);
    await s.shot('before-the-change');

    const changedAt = Date.now();
    s.emu.control.azure.setPowerState('vmss-dev_0', 'deallocated');
    await s.waitForRowDescription('vmss-dev_0', /^#0 · Deallocated$/, (INTERVAL_S + 8) * 1000, azure);
    const seenAfterMs = Date.now() - changedAt;
    await s.shot('changed-without-a-click');
    assert.ok(seenAfterMs <= (INTERVAL_S + 8) * 1000, `seen after ${seenAfterMs} ms`);
    // In place: the selection and the expansion are where the user left them.
    assert.equal(await s.row('vmss-dev_1', azure).getAttribute('aria-selected'), 'true', 'the selected row lost its selection');
    assert.equal(await s.row('vmss-dev', azure).getAttribute('aria-expanded'), 'true');
    assert.match(await s.rowDescription('vmss-dev', azure), /1\/4 running/, 'the count follows the change');

    // Rounds come one interval apart (never two at once), and read only what is on screen.
    const lists = (): number[] => s!.emu.requests.where({ service: 'arm', method: 'GET' }).filter((r) => /\/vmss-dev\/virtualMachines$/i.test(r.path)).map((r) => r.at);
    await waitFor('a second automatic round', () => (lists().filter((t) => t > changedAt).length >= 2 ? true : undefined), (INTERVAL_S * 2 + 10) * 1000);
    const rounds = lists().filter((t) => t > changedAt);
    const gaps = rounds.slice(1).map((t, i) => t - (rounds[i] ?? t));
    assert.ok(gaps.every((g) => g >= INTERVAL_S * 1000 - 1500), `rounds closer than the interval: ${gaps.join(', ')} ms`);
    const production = s.emu.requests.where({ service: 'arm', method: 'GET' }).filter((r) => r.at > changedAt && /\/vmss-web\/virtualMachines$/i.test(r.path));
    assert.equal(production.length, 0, 'a collapsed subscription\'s scale sets were read');

    // Hidden: nothing is read while the view is collapsed, then one round on opening it.
    await collapsePane(s, 'Azure Scale Sets');
    const hiddenAt = Date.now();
    s.emu.control.azure.setPowerState('vmss-dev_1', 'deallocated');
    await s.page.waitForTimeout((INTERVAL_S + 5) * 1000);
    const whileHidden = s.emu.requests.where({ service: 'arm' }).filter((r) => r.at > hiddenAt + 1000);
    assert.deepEqual(whileHidden.map((r) => r.path), [], 'the hidden view was refreshed');
    const shownAt = Date.now();
    const shown = await s.expandPane('Azure Scale Sets');
    await s.waitForRowDescription('vmss-dev_1', /^#1 · Deallocated$/, 8_000, shown);
    assert.ok(Date.now() - shownAt < 8_000);
    await s.shot('read-once-on-coming-back');

    const output = s.outputText();
    assert.doesNotMatch(output, /\[error\]/, `the output channel reported an error:\n${output}`);
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
