/**
 * Journey 5: the tree is stale. A VM is deallocated behind the extension's back (the emulator's
 * control API) while its node still says Running; powering it off from that node gets Azure's
 * refusal as a toast with the OperationNotAllowed code and "Show Output", and the node
 * refreshes to Deallocated. From the command palette, a deallocated VM is never offered.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 5: acting on a stale node', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    // Automatic refresh off: the journey needs the node to stay stale until the operation.
    s = await VsCodeSession.start({ journey: '05-stale-state', transitionMs: 1500, retryAfterSeconds: 1, settings: { 'fleetPower.autoRefreshSeconds': 0 } });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('the refusal is explained and the node refreshes; the palette never offers a deallocated VM', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-web', azure);
    assert.equal(await s.rowDescription('vmss-web_1', azure), '#1 · Running');

    s.emu.control.azure.setPowerState('vmss-web_1', 'deallocated');
    assert.equal(await s.rowDescription('vmss-web_1', azure), '#1 · Running', 'the tree refreshed by itself; the journey needs a stale node');
    await s.shot('stale-node');

    await s.contextMenu('vmss-web_1', /^Power Off/, azure);
    await s.quickPickItems('How should the VMs shut down?');
    await s.pick(/^Graceful shutdown/);
    assert.match(await s.dialogText(), /Power off vmss-web\/1\?/);
    await s.answerDialog('Power Off');

    const toast = await s.toastText(/OperationNotAllowed/);
    assert.match(toast, /vmss-web\/1/, `the message does not name the target: ${toast}`);
    assert.ok(await s.toast(/OperationNotAllowed/).locator('.monaco-button', { hasText: 'Show Output' }).isVisible(), `no "Show Output" on: ${toast}`);
    await s.shot('refusal-toast');
    await s.waitForRowDescription('vmss-web_1', /^#1 · Deallocated$/, 30_000, azure);
    await s.shot('node-refreshed');

    const powerOffs = s.emu.requests.where({ service: 'arm', operation: 'powerOff' });
    assert.equal(powerOffs.length, 1, JSON.stringify(powerOffs.map((r) => [r.path, r.status])));
    assert.equal(powerOffs[0]?.status, 409);
    assert.match(powerOffs[0]?.path ?? '', /\/vmss-web\/virtualMachines\/1\/powerOff$/i);

    await s.toast(/OperationNotAllowed/).locator('.monaco-button', { hasText: 'Show Output' }).click();
    await s.page.locator('.part.panel .monaco-editor .view-lines').first().waitFor();
    const output = await s.waitForOutput(/OperationNotAllowed/);
    assert.match(output, /\[error\][^\n]*OperationNotAllowed/);
    assert.match(output, /HTTP status: 409/);
    assert.match(output, /Request id: \S+/);
    await s.shot('output');
    await s.hidePanel();

    // From the palette: subscription → scale set → instances offered for Power Off.
    await s.runCommand('Azure Scale Sets: Power Off');
    await s.quickPickItems('Select a subscription');
    await s.pick(/Contoso Production/);
    await s.quickPickItems('Select a scale set');
    await s.pick(/^vmss-web/);
    const offered = await s.quickPickItems(/Select the instances/);
    await s.shot('palette-instances');
    const names = offered.map((o) => o.split(' ')[0] ?? '');
    assert.ok(names.includes('vmss-web_0'), `a running VM is missing from the pick: ${offered.join(' | ')}`);
    for (const deallocated of ['vmss-web_1', 'vmss-web_12', 'vmss-web_13', 'vmss-web_14', 'vmss-web_22']) {
      assert.ok(!names.includes(deallocated), `${deallocated} is deallocated but was offered for Power Off`);
    }
    for (const stopped of ['vmss-web_10', 'vmss-web_11']) assert.ok(!names.includes(stopped), `${stopped} is stopped but was offered`);
    await s.dismissQuickPick();
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'powerOff' }).length, 1, 'dismissing the pick sent a request');

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
