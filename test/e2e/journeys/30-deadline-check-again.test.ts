/**
 * Journey 30 (deadline): a deallocate that takes longer than fleetPower.operations.deadlineMinutes
 * ends in Recent Operations as "still running in the cloud — Fleet Power stopped waiting", with a
 * notification that says nothing was canceled. Check Again on its entry follows it again from the
 * journal until it finishes; the deallocate was sent once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 30: the deadline and Check Again', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    // 100 s of deallocating against a one-minute deadline (the setting's minimum).
    s = await VsCodeSession.start({
      journey: '30-deadline-check-again', transitionMs: 100_000, retryAfterSeconds: 2,
      settings: { 'fleetPower.operations.deadlineMinutes': 1 },
    });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('stopped waiting at the deadline, then followed to the end by Check Again', { timeout: 360_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Dev/Test', azure);
    await s.expand('vmss-dev', azure);
    assert.equal(await s.rowDescription('vmss-dev_1', azure), '#1 · Running');
    await s.contextMenu('vmss-dev_1', /^Deallocate/, azure);
    await s.quickPickItems('Hibernate before deallocating?');
    await s.pick(/^Deallocate/);
    assert.match(await s.dialogText(), /Deallocate vmss-dev\/1\?/);
    await s.answerDialog('Deallocate');
    await s.waitForOutput(/Accepted \(HTTP 202\)/);

    const operations = await s.expandPane('Recent Operations');
    const stopped = await s.waitForRowDescription('Deallocate vmss-dev/1', /still running in the cloud — Fleet Power stopped waiting/, 120_000, operations);
    assert.match(stopped, /still running in the cloud/);
    assert.match(await s.toastText(/still running in the cloud/), /Nothing was canceled.*Check again/);
    await s.shot('stopped-waiting');
    assert.equal(s.emu.state().azure.subscriptions[1]?.resourceGroups[0]?.scaleSets[0]?.instances[1]?.powerState, 'deallocating', 'the cloud is still working on it');
    await s.closeToasts();

    const menu = await s.openContextMenuItems('Deallocate vmss-dev/1', operations);
    assert.ok(menu.includes('Check Again'), `menu: ${menu.join(' | ')}`);
    await s.contextMenu('Deallocate vmss-dev/1', /^Check Again/, operations);
    await s.waitForOutput(/Checking again: Deallocate vmss-dev\/1/);
    await s.waitForRowDescription('Deallocate vmss-dev/1', /in progress/, 30_000, operations);
    await s.shot('checking-again');
    await s.waitForRowDescription('Deallocate vmss-dev/1', /^succeeded/, 150_000, operations);
    await s.shot('finished');
    await s.waitForRowDescription('vmss-dev_1', /^#1 · Deallocated$/, 60_000, azure);
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'deallocate' }).length, 1, 'Check Again sent nothing');
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
