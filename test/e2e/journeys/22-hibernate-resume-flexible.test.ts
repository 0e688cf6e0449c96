/**
 * Journey 22: hibernate a running Flexible VM, then start it, which resumes it. The start's
 * confirmation says the hibernated VM resumes (memory restored) and names it; Azure receives a
 * per-VM start on the virtualMachines API (never the VMSS VM API), the node shows Starting…
 * then Running, and the VM is no longer hibernated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

const VM = 'vmss-api_a2c4e6f8';

void describe('journey 22: hibernate → start (resume) on a Flexible VM', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '22-hibernate-resume-flexible', transitionMs: 5000, retryAfterSeconds: 1 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('Hibernated → Start says it resumes; one per-VM start; Starting… → Running, no longer hibernated', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-api', azure);
    assert.equal(await s.rowDescription(VM, azure), 'Running');

    await s.contextMenu(VM, /^Deallocate/, azure);
    await s.quickPickItems('Hibernate before deallocating?');
    await s.pick(/^Hibernate and deallocate/);
    await s.answerDialog('Deallocate');
    await s.waitForRowDescription(VM, /^Hibernated$/, 60_000, azure);
    await s.closeToasts();
    await s.shot('hibernated');

    const menu = await s.openContextMenuItems(VM, azure);
    assert.ok(menu.some((l) => /^Start/.test(l)) && !menu.some((l) => /^Restart/.test(l)), `menu on a hibernated VM: ${menu.join(' | ')}`);
    await s.contextMenu(VM, /^Start/, azure);
    const question = await s.dialogText();
    assert.match(question, new RegExp(`Start ${VM}\\?`));
    assert.match(question, new RegExp(`Hibernated VMs resume: the memory saved on the OS disk is restored[^]*\\(${VM}\\)`));
    assert.match(question, /Azure does not guarantee capacity/);
    await s.shot('resume-confirmation');
    await s.answerDialog('Start');

    await s.waitForRowDescription(VM, /^Starting…$/, 30_000, azure);
    await s.shot('starting');
    await s.waitForRowDescription(VM, /^Running$/, 60_000, azure);
    await s.shot('running');

    const startsSent = s.emu.requests.where({ service: 'arm', operation: 'start' });
    assert.equal(startsSent.length, 1, JSON.stringify(startsSent.map((r) => r.path)));
    assert.match(startsSent[0]?.path ?? '', new RegExp(`/providers/Microsoft\\.Compute/virtualMachines/${VM}/start$`, 'i'));
    assert.equal(s.emu.requests.where({ service: 'arm' }).filter((r) => /\/virtualMachineScaleSets\/vmss-api\/(virtualMachines|start)/i.test(r.path)).length, 0,
      'a scale-set or VMSS VM API was used for a Flexible VM');
    const vm = s.emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets.find((x) => x.name === 'vmss-api')?.instances.find((i) => i.instanceId === VM);
    assert.equal(vm?.powerState, 'running');
    assert.equal(vm?.hibernated, undefined, 'the VM resumed: no longer hibernated');
    assert.match(await s.waitForOutput(new RegExp(`Start ${VM}: succeeded`)), new RegExp(`Start requested: POST \\S+/virtualMachines/${VM}/start`));
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
