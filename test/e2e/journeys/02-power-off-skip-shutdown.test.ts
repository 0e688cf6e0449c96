/**
 * Journey 2: right-click a running Uniform instance → Power Off → "Skip shutdown" → confirm.
 * Exactly one powerOff reaches Azure, with skipShutdown=true, for that one instance; the node
 * passes through a transitional state to "Stopped"; the output channel shows the operation
 * requested → accepted → polled → succeeded, in that order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 2: power off with skip shutdown', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    // Long enough in "stopping" for a person (and this test) to see the transition.
    s = await VsCodeSession.start({ journey: '02-power-off-skip-shutdown', transitionMs: 5000, retryAfterSeconds: 1 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('one powerOff with skipShutdown=true; the node goes stopping → stopped; the output streams the LRO', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-web', azure);
    assert.equal(await s.rowDescription('vmss-web_0', azure), '#0 · Running');

    await s.contextMenu('vmss-web_0', /^Power Off/, azure);
    const choices = await s.quickPickItems('How should the VMs shut down?');
    assert.ok(choices.some((c) => c.startsWith('Graceful shutdown')), `choices: ${choices.join(' | ')}`);
    assert.ok(choices.some((c) => c.startsWith('Skip shutdown')), `choices: ${choices.join(' | ')}`);
    await s.shot('shutdown-choice');
    await s.pick(/^Skip shutdown/);

    const question = await s.dialogText();
    assert.match(question, /Power off vmss-web\/0\?/);
    assert.match(question, /still billed/, 'the confirmation must say powered-off VMs keep billing');
    assert.match(question, /Skip shutdown/);
    await s.shot('confirmation');
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'powerOff' }).length, 0, 'a request was sent before the user confirmed');
    await s.answerDialog('Power Off');

    const transitional = await s.waitForRowDescription('vmss-web_0', /Powering off…|Stopping…/, 30_000, azure);
    await s.shot('stopping');
    assert.match(transitional, /^#0 · /);
    await s.waitForRowDescription('vmss-web_0', /^#0 · Stopped$/, 60_000, azure);
    await s.shot('stopped');

    // The emulator received exactly one powerOff, for instance 0 only, skipping shutdown.
    const powerOffs = s.emu.requests.where({ service: 'arm', operation: 'powerOff' });
    assert.equal(powerOffs.length, 1, `powerOff requests: ${JSON.stringify(powerOffs.map((r) => [r.method, r.path, r.query, r.body]))}`);
    const [req] = powerOffs;
    assert.ok(req);
    assert.equal(req.method, 'POST');
    assert.equal(req.query.skipShutdown, 'true');
    assert.equal(req.status, 202);
    assert.match(req.path, /\/virtualMachineScaleSets\/vmss-web\//i);
    const perVm = /\/virtualMachineScaleSets\/vmss-web\/virtualMachines\/0\/powerOff$/i.test(req.path);
    const body = req.body as { instanceIds?: unknown } | undefined;
    assert.ok(perVm || JSON.stringify(body?.instanceIds) === '["0"]', `not aimed at instance 0 alone: ${req.path} ${JSON.stringify(req.body)}`);
    assert.equal(s.emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances[0]?.powerState, 'stopped');
    const others = s.emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances.filter((i) => i.instanceId !== '0' && i.powerState === 'stopped').map((i) => i.instanceId);
    assert.deepEqual(others, ['10', '11', '21'], 'another instance changed state');
    const polls = s.emu.requests.where({ service: 'arm' }).filter((r) => r.operation === 'operationStatus' || r.operation === 'operationResult');
    assert.ok(polls.length >= 1, 'the operation status was never polled');

    // The output channel: requested → accepted → status polls → succeeded.
    const output = await s.waitForOutput(/Power off vmss-web\/0: succeeded/);
    const at = (re: RegExp) => output.search(re);
    const requested = at(/Power off requested: POST \S+\/vmss-web\/virtualMachines\/0\/powerOff\?\S*skipShutdown=true — targets: \S*vmss-web\/(virtualMachines\/)?0 — /);
    const accepted = at(/Accepted \(HTTP 202\)/);
    const polled = at(/Status: InProgress/);
    const succeeded = at(/Power off vmss-web\/0: succeeded/);
    assert.ok(requested >= 0, `no "requested" line:\n${output}`);
    assert.ok(accepted > requested, `"accepted" missing or out of order:\n${output}`);
    assert.ok(polled > accepted, `no status poll after "accepted":\n${output}`);
    assert.ok(succeeded > polled, `"succeeded" missing or out of order:\n${output}`);
    assert.match(output, /options: [^\n]*skipShutdown=true/);

    await s.showOutputPanel();
    await s.shot('output');

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
