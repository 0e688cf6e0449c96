/**
 * Journey 13: a right-click command started while an automatic refresh is in flight still acts
 * on its node. The emulator holds the refresh's VM list for 6 s; during that time the user
 * right-clicks a VM and powers it off. A refresh that fired the root would have dropped every
 * node handle and the command would get no node (vscode-tree-views.md §2); here exactly one
 * power-off request goes out, for that VM.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from '../harness';
import { openDevScaleSet } from './fleetView';

const INTERVAL_S = 10;
const HOLD_MS = 6000;

void describe('journey 13: a menu command during an automatic refresh', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '13-menu-during-refresh', transitionMs: 1500, retryAfterSeconds: 1, settings: { 'fleetPower.autoRefreshSeconds': INTERVAL_S } });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('Power Off from the context menu while the refresh is in flight: one request, the right instance', { timeout: 240_000 }, async () => {
    assert.ok(s);
    const azure = await openDevScaleSet(s);
    assert.equal(await s.rowDescription('vmss-dev_1', azure), '#1 · Running');

    // The next refresh's list of vmss-dev is held: the round stays in flight for HOLD_MS.
    const armedAt = Date.now();
    s.emu.inject({ kind: 'latency', service: 'arm', route: /vmss-dev\/virtualmachines$/, ms: HOLD_MS, count: 1 });
    const progress = azure.locator('.monaco-progress-container.active');
    await progress.waitFor({ timeout: (INTERVAL_S + 8) * 1000 });
    const inFlightAt = Date.now();
    await s.shot('refresh-in-flight');

    await s.contextMenu('vmss-dev_1', /^Power Off/, azure);
    await s.quickPickItems('How should the VMs shut down?');
    await s.pick(/^Graceful shutdown/);
    assert.match(await s.dialogText(), /Power off vmss-dev\/1\?/);
    await s.answerDialog('Power Off');
    const confirmedAt = Date.now();
    await s.shot('confirmed-during-refresh');

    await s.waitForRowDescription('vmss-dev_1', /^#1 · Stopped$/, 60_000, azure);
    const powerOffs = s.emu.requests.where({ service: 'arm', operation: 'powerOff' });
    assert.equal(powerOffs.length, 1, JSON.stringify(powerOffs.map((r) => r.path)));
    assert.match(powerOffs[0]?.path ?? '', /\/vmss-dev\/virtualMachines\/1\/powerOff$/i);
    assert.equal(s.emu.requests.where({ service: 'arm' }).filter((r) => r.method === 'POST' && !/\/powerOff$/i.test(r.path)).length, 0, 'another action was sent');

    // The held list really overlapped the command: answered after the user confirmed.
    const held = await waitFor('the held list', () => s!.emu.requests.where({ service: 'arm', method: 'GET' })
      .find((r) => r.at > armedAt && /\/vmss-dev\/virtualMachines$/i.test(r.path) && r.at - HOLD_MS >= armedAt - 1000), 30_000);
    assert.ok(held.at >= confirmedAt - 500, `the refresh ended (${held.at - inFlightAt} ms after it showed) before the command was confirmed (${confirmedAt - inFlightAt} ms)`);

    const toast = await s.toastText(/Powered off vmss-dev\/1/);
    assert.match(toast, /Powered off vmss-dev\/1\./);
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
