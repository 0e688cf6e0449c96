/**
 * Journey 21: deallocate a running Uniform instance, then start it again from its context menu.
 * A running VM offers Restart and no Start; once deallocated it offers Start and no Restart. The
 * start's confirmation says billing resumes and capacity is not guaranteed; exactly one
 * scale-set start reaches Azure with instanceIds ["4"]; the node shows Starting… then Running.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 21: deallocate → start round trip on a Uniform instance', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    // Long enough in "starting" for a person (and this test) to see the transition.
    s = await VsCodeSession.start({ journey: '21-deallocate-start-uniform', transitionMs: 5000, retryAfterSeconds: 1 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('deallocate, then Start: one scale-set start with exactly that id; Starting… → Running', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-web', azure);
    assert.equal(await s.rowDescription('vmss-web_4', azure), '#4 · Running');
    const runningMenu = await s.openContextMenuItems('vmss-web_4', azure);
    assert.ok(runningMenu.some((l) => /^Restart/.test(l)), `Restart not offered on a running VM: ${runningMenu.join(' | ')}`);
    assert.ok(!runningMenu.some((l) => /^Start/.test(l)), `Start offered on a running VM: ${runningMenu.join(' | ')}`);

    await s.contextMenu('vmss-web_4', /^Deallocate/, azure);
    await s.quickPickItems('Hibernate before deallocating?');
    await s.pick(/^Deallocate/);
    assert.match(await s.dialogText(), /Deallocate vmss-web\/4\?/);
    await s.answerDialog('Deallocate');
    await s.waitForRowDescription('vmss-web_4', /^#4 · Deallocated$/, 60_000, azure);
    await s.closeToasts();
    await s.shot('deallocated');

    const deallocatedMenu = await s.openContextMenuItems('vmss-web_4', azure);
    assert.ok(deallocatedMenu.some((l) => /^Start/.test(l)), `Start not offered on a deallocated VM: ${deallocatedMenu.join(' | ')}`);
    assert.ok(!deallocatedMenu.some((l) => /^Restart/.test(l)), `Restart offered on a deallocated VM: ${deallocatedMenu.join(' | ')}`);

    await s.contextMenu('vmss-web_4', /^Start/, azure);
    const question = await s.dialogText();
    assert.match(question, /Start vmss-web\/4\?/);
    assert.match(question, /Compute billing resumes/);
    assert.match(question, /Azure does not guarantee capacity for deallocated or hibernated VMs/);
    await s.shot('start-confirmation');
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'start' }).length, 0, 'a start was sent before the user confirmed');
    await s.answerDialog('Start');

    await s.waitForRowDescription('vmss-web_4', /^#4 · Starting…$/, 30_000, azure);
    await s.shot('starting');
    await s.waitForRowDescription('vmss-web_4', /^#4 · Running$/, 60_000, azure);
    await s.shot('running');

    const startsSent = s.emu.requests.where({ service: 'arm', operation: 'start' });
    assert.equal(startsSent.length, 1, `start requests: ${JSON.stringify(startsSent.map((r) => [r.path, r.body]))}`);
    assert.match(startsSent[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/start$/i);
    assert.deepEqual(startsSent[0]?.body, { instanceIds: ['4'] });
    assert.equal(startsSent[0]?.status, 202);
    const web = s.emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances ?? [];
    assert.equal(web.find((i) => i.instanceId === '4')?.powerState, 'running');
    assert.deepEqual(web.filter((i) => i.powerState === 'deallocated').map((i) => i.instanceId), ['12', '13', '14', '22'], 'another instance changed');

    const output = await s.waitForOutput(/Start vmss-web\/4: succeeded/);
    assert.match(output, /Start requested: POST \S+\/vmss-web\/start\?\S* — targets: \S*vmss-web\/(virtualMachines\/)?4 — options: [^\n]*instanceIds=4/);
    const ops = await s.expandPane('Recent Operations');
    assert.match(await s.waitForRowDescription('Start vmss-web/4', /^succeeded/, 30_000, ops), /^succeeded · /);
    await s.shot('recent-operations');
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
