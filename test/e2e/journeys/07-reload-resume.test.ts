/**
 * Journey 7: the window reloads while a long operation is in flight. After the reload the
 * extension resumes tracking it from its journal, without sending the action again, and
 * Recent Operations shows it finish.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 7: a reload during a long operation', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    // A deallocation that takes 20 s, polled every 2 s: long enough to reload in the middle.
    s = await VsCodeSession.start({ journey: '07-reload-resume', transitionMs: 20_000, retryAfterSeconds: 2 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('the operation is resumed after the reload and finishes in Recent Operations', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Dev/Test', azure);
    await s.expand('vmss-dev', azure);
    assert.equal(await s.rowDescription('vmss-dev_0', azure), '#0 · Running');

    await s.contextMenu('vmss-dev_0', /^Deallocate/, azure);
    const choices = await s.quickPickItems('Hibernate before deallocating?');
    assert.equal(choices.length, 1, `hibernation offered on a Uniform scale set: ${choices.join(' | ')}`);
    assert.match(choices[0] ?? '', /Hibernate is not offered: vmss-dev is a Uniform scale set/);
    await s.pick(/^Deallocate/);
    assert.match(await s.dialogText(), /Deallocate vmss-dev\/0\?/);
    await s.answerDialog('Deallocate');
    await s.waitForOutput(/Accepted \(HTTP 202\)/);
    await s.waitForOutput(/Status: InProgress/);
    const operations = await s.expandPane('Recent Operations');
    assert.match(await s.rowDescription('Deallocate vmss-dev/0', operations), /in progress/);
    await s.shot('before-reload');

    const pollsBefore = s.emu.requests.where({ service: 'arm' }).filter((r) => r.operation === 'operationStatus' || r.operation === 'operationResult').length;
    const reloadedAt = Date.now();
    await s.reloadWindow();
    await s.openFleetPower();
    assert.ok(s.emu.state().azure.subscriptions[1]?.resourceGroups[0]?.scaleSets[0]?.instances[0]?.powerState === 'deallocating',
      'the operation finished before the reload; the journey did not test a resume');
    await s.shot('after-reload');

    const output = await s.waitForOutput(/Resumed after a window reload: Deallocate vmss-dev\/0/, 60_000);
    assert.match(output, /Resuming 1 operation\(s\)/);
    const ops = await s.expandPane('Recent Operations');
    const finished = await s.waitForRowDescription('Deallocate vmss-dev/0', /^succeeded/, 90_000, ops);
    await s.shot('finished');
    assert.match(finished, /^succeeded · /);
    assert.match(await s.waitForOutput(/Deallocate vmss-dev\/0: succeeded/), /Deallocate vmss-dev\/0: succeeded/);
    // The reloaded window starts with the tree collapsed.
    const tree = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Dev/Test', tree);
    await s.expand('vmss-dev', tree);
    await s.waitForRowDescription('vmss-dev_0', /^#0 · Deallocated$/, 30_000, tree);

    // Exactly one deallocate was ever sent; tracking went on through the status URL after the reload.
    const deallocates = s.emu.requests.where({ service: 'arm', operation: 'deallocate' });
    assert.equal(deallocates.length, 1, 'the reload made the extension send the action again');
    const body = deallocates[0]?.body as { instanceIds?: unknown } | undefined;
    const perVm = /\/virtualMachines\/0\/deallocate$/i.test(deallocates[0]?.path ?? '');
    assert.ok(perVm || JSON.stringify(body?.instanceIds) === '["0"]', `not aimed at instance 0 alone: ${deallocates[0]?.path} ${JSON.stringify(body)}`);
    const pollsAfter = s.emu.requests.where({ service: 'arm' }).filter((r) => (r.operation === 'operationStatus' || r.operation === 'operationResult') && r.at >= reloadedAt);
    assert.ok(pollsBefore >= 1 && pollsAfter.length >= 1, `status polls before/after the reload: ${pollsBefore}/${pollsAfter.length}`);
    assert.equal(s.emu.state().azure.subscriptions[1]?.resourceGroups[0]?.scaleSets[0]?.instances[0]?.powerState, 'deallocated');

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
