/**
 * Journey 3: select two instances of a Flexible scale set with hibernation enabled (click,
 * then Ctrl+click) → Deallocate → "Hibernate and deallocate". Azure receives the API that
 * works for Flexible VMs, for exactly those two VMs, with hibernate=true; both nodes end
 * "Hibernated" and nothing else changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

const CHOSEN = ['vmss-api_4f1c2a9e', 'vmss-api_7b3d5e10'];

void describe('journey 3: hibernate two Flexible instances', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '03-hibernate-flexible', transitionMs: 3000, retryAfterSeconds: 1 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('multi-select → Deallocate with hibernate → exactly those two VMs, hibernate=true, nodes end Hibernated', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-api', azure);
    // vmss-api_4f1c2a9e also shows its planned maintenance after the power state.
    for (const name of CHOSEN) assert.match(await s.rowDescription(name, azure), /^Running( · |$)/);

    await s.select(CHOSEN, azure);
    await s.shot('two-selected');
    await s.contextMenu(CHOSEN[1] ?? '', /^Deallocate/, azure);

    const choices = await s.quickPickItems('Hibernate before deallocating?');
    assert.ok(choices.some((c) => c.startsWith('Hibernate and deallocate')), `hibernation not offered on a Flexible scale set with hibernation enabled: ${choices.join(' | ')}`);
    await s.shot('hibernate-choice');
    await s.pick(/^Hibernate and deallocate/);

    const question = await s.dialogText();
    assert.match(question, /Deallocate 2 instances\?/);
    for (const name of CHOSEN) assert.ok(question.includes(name), `the confirmation does not name ${name}: ${question}`);
    assert.match(question, /Hibernate/);
    await s.shot('confirmation');
    await s.answerDialog('Deallocate');

    for (const name of CHOSEN) await s.waitForRowDescription(name, /^Hibernated( · |$)/, 60_000, azure);
    await s.shot('hibernated');

    // The emulator: deallocate through the Flexible (virtualMachines) API, hibernate=true,
    // aimed at exactly the two chosen VMs; never the VMSS VM API.
    const deallocates = s.emu.requests.where({ service: 'arm', operation: 'deallocate' });
    assert.ok(deallocates.length >= 1);
    assert.ok(deallocates.every((r) => r.method === 'POST' && r.query.hibernate === 'true' && r.status === 202), JSON.stringify(deallocates.map((r) => [r.path, r.query, r.status])));
    const targeted: string[] = [];
    for (const r of deallocates) {
      const perVm = /\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/deallocate$/i.exec(r.path);
      if (perVm?.[1]) {
        targeted.push(perVm[1]);
        continue;
      }
      assert.match(r.path, /\/virtualMachineScaleSets\/vmss-api\/deallocate$/i, `unexpected deallocate route ${r.path}`);
      const ids = (r.body as { instanceIds?: unknown } | undefined)?.instanceIds;
      assert.ok(Array.isArray(ids) && ids.length > 0, `a scale-set deallocate without instanceIds: ${JSON.stringify(r.body)}`);
      targeted.push(...ids.map(String));
    }
    assert.deepEqual([...targeted].sort(), [...CHOSEN].sort());
    assert.equal(s.emu.requests.where({ service: 'arm' }).filter((r) => /\/virtualMachineScaleSets\/vmss-api\/virtualMachines/i.test(r.path)).length, 0,
      'the VMSS VM API was used for a Flexible scale set');
    const api = s.emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets.find((x) => x.name === 'vmss-api');
    for (const name of CHOSEN) {
      const vm = api?.instances.find((i) => i.instanceId === name);
      assert.equal(vm?.powerState, 'deallocated');
      assert.equal(vm?.hibernated, true);
    }
    assert.equal(api?.instances.find((i) => i.instanceId === 'vmss-api_a2c4e6f8')?.powerState, 'running', 'an instance that was not chosen changed');

    const output = await s.waitForOutput(/Deallocate [^\n]*: succeeded/);
    assert.match(output, /Deallocate requested: POST [^\n]*hibernate=true/);
    assert.match(output, /options: [^\n]*hibernate=true/);
    for (const name of CHOSEN) assert.ok(output.includes(name), `the output does not name ${name}`);

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
