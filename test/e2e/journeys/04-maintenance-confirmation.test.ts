/**
 * Journey 4: right-click a scale-set node → Perform Maintenance. The modal confirmation names
 * the instance count; Cancel sends nothing; confirming sends exactly the instances that were
 * named, never a request without instanceIds. (Which instances are eligible, and the markers,
 * are journey 17.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

const INSTANCES = ['0', '1', '2', '3'];

void describe('journey 4: maintenance on a whole scale set', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '04-maintenance-confirmation', transitionMs: 1500, retryAfterSeconds: 1 });
    // Azure accepts performMaintenance only where maintenance is pending: make it pending on
    // every instance of vmss-dev, as the platform would.
    for (const id of INSTANCES) s.emu.control.azure.setMaintenanceEligible(`vmss-dev_${id}`, true);
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('the confirmation names the count; Cancel sends nothing; Confirm sends exactly those instances', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Dev/Test', azure);
    await s.reveal('vmss-dev', azure);
    // Perform Maintenance is offered on a scale set once its listing shows an eligible instance.
    await s.waitForRowDescription('vmss-dev', /^rg-dev · westeurope · Uniform · 2\/4 running · 4 need maintenance$/, 30_000, azure);

    // First time: Cancel.
    await s.contextMenu('vmss-dev', /^Perform Maintenance/, azure);
    const question = await s.dialogText();
    assert.match(question, /Perform maintenance on 4 instances of scale set vmss-dev\?/);
    for (const id of INSTANCES) assert.ok(question.includes(`vmss-dev/${id}`), `the confirmation does not list vmss-dev/${id}: ${question}`);
    await s.shot('confirmation');
    await s.answerDialog('Cancel');
    // Give a mistaken send every chance to show up in the log before checking it did not.
    await s.expand('vmss-dev', azure);
    await s.reveal('vmss-dev_3', azure);
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'performMaintenance' }).length, 0, 'Cancel still sent performMaintenance');
    assert.equal(s.emu.requests.where({ service: 'arm' }).filter((r) => r.method === 'POST').length, 0, 'Cancel still sent an action');
    await s.shot('after-cancel');

    // Second time: confirm.
    await s.contextMenu('vmss-dev', /^Perform Maintenance/, azure);
    assert.match(await s.dialogText(), /Perform maintenance on 4 instances of scale set vmss-dev\?/);
    await s.answerDialog('Perform Maintenance');
    const output = await s.waitForOutput(/Perform maintenance [^\n]*: succeeded/);
    await s.shot('done');

    const sent = s.emu.requests.where({ service: 'arm', operation: 'performMaintenance' });
    assert.ok(sent.length >= 1);
    const targeted: string[] = [];
    for (const r of sent) {
      assert.equal(r.method, 'POST');
      assert.ok(r.status === 202 || r.status === 200, `performMaintenance answered ${r.status}`);
      const perVm = /\/virtualMachineScaleSets\/vmss-dev\/virtualMachines\/(\d+)\/performMaintenance$/i.exec(r.path);
      if (perVm?.[1]) {
        targeted.push(perVm[1]);
        continue;
      }
      assert.match(r.path, /\/virtualMachineScaleSets\/vmss-dev\/performMaintenance$/i);
      const ids = (r.body as { instanceIds?: unknown } | undefined)?.instanceIds;
      assert.ok(Array.isArray(ids) && ids.length > 0, `performMaintenance without instanceIds: ${JSON.stringify(r.body)}`);
      targeted.push(...ids.map(String));
    }
    assert.deepEqual([...targeted].sort(), INSTANCES);
    assert.equal(sent.filter((r) => r.path.toLowerCase().includes('vmss-web')).length, 0, 'another scale set was touched');
    assert.match(output, /Perform maintenance requested: POST /);

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
