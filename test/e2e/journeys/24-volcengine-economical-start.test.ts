/**
 * Journey 24: Volcengine economical stop, then start. After a StopCharging stop, Start Instance
 * offers the DryRun stock check first; the check passes and starts nothing; the start itself
 * says the vCPU and memory are re-created and can fail for lack of stock, then STARTING →
 * RUNNING. An economical-stopped instance whose region is out of stock fails the check with a
 * clear message, and nothing is started.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';
import { volcParams } from './volcengineRequests';

const WEB = { name: 'web-bj-02', id: 'i-bj01a0000000000002' };
const BATCH = { name: 'batch-bj-01', id: 'i-bj02b0000000000005' };

void describe('journey 24: Volcengine economical stop → start', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '24-volcengine-economical-start', transitionMs: 4000 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('StopCharging stop; Start offers the stock check first; check passes; start → RUNNING; out of stock is explained', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const volc = await s.expandPane('Volcengine ECS');
    await s.expand('China North 2 (Beijing)', volc);
    assert.match(await s.rowDescription(WEB.name, volc), /^Running · /);

    // 1. Economical stop.
    await s.contextMenu(WEB.name, /^Stop Instance/, volc);
    await s.quickPickItems('Stop mode');
    await s.pick(/^Economical stop \(StopCharging\)/);
    await s.quickPickItems('Force stop?');
    await s.pick(/^Normal shutdown/);
    await s.quickPickItems('Stop now, or only check?');
    await s.pick(/^Stop the instances/);
    await s.answerDialog('Stop');
    await s.waitForRowDescription(WEB.name, /^Stopped \(economical stop\) · /, 60_000, volc);
    await s.closeToasts();
    await s.shot('economical-stopped');

    // 2. Start: the stock check is offered first; take it.
    const menu = await s.openContextMenuItems(WEB.name, volc);
    assert.ok(menu.some((l) => /^Start Instance/.test(l)) && !menu.some((l) => /^(Reboot|Stop) Instance/.test(l)), `menu on a stopped instance: ${menu.join(' | ')}`);
    await s.contextMenu(WEB.name, /^Start Instance/, volc);
    const choices = await s.quickPickItems('Start now, or only check?');
    assert.match(choices[0] ?? '', /^Check only \(DryRun\) recommended .*stock/, `choices: ${choices.join(' | ')}`);
    await s.shot('stock-check-offered');
    await s.pick(/^Check only \(DryRun\)/);
    const check = await s.dialogText();
    assert.match(check, new RegExp(`Check whether ${WEB.name} \\(${WEB.id}\\) can be started\\? Nothing will be started\\.`));
    assert.match(check, /re-creates the vCPU and memory[^]*out of stock, the start fails/);
    await s.answerDialog('Check');
    assert.match(await s.toastText(/Checks passed/), /nothing was started/);
    await s.shot('check-passed');
    await s.closeToasts();
    assert.match(await s.rowDescription(WEB.name, volc), /^Stopped \(economical stop\)/, 'the check changed the instance');

    // 3. Start for real.
    await s.contextMenu(WEB.name, /^Start Instance/, volc);
    await s.quickPickItems('Start now, or only check?');
    await s.pick(/^Start the instances/);
    const question = await s.dialogText();
    assert.match(question, new RegExp(`Start ${WEB.name} \\(${WEB.id}\\)\\?`));
    assert.match(question, /billed for compute again/);
    assert.match(question, /re-creates the vCPU and memory/);
    await s.shot('start-confirmation');
    await s.answerDialog('Start');
    await s.waitForRowDescription(WEB.name, /^Starting…/, 30_000, volc);
    await s.shot('starting');
    await s.waitForRowDescription(WEB.name, /^Running · /, 60_000, volc);
    await s.shot('running');

    const startsSent = s.emu.requests.where({ service: 'volc' }).filter((r) => /^StartInstances?$/.test(r.query.Action ?? '')).map(volcParams);
    assert.deepEqual(startsSent.map((p) => [p.Action, p.InstanceId, p.DryRun]), [['StartInstance', WEB.id, 'true'], ['StartInstance', WEB.id, undefined]]);
    assert.ok(startsSent.every((p) => p.ClientToken && p.ClientToken.length <= 64 && p.ForceStop === undefined));
    assert.notEqual(startsSent[0]?.ClientToken, startsSent[1]?.ClientToken, 'the check and the start are two user actions');
    assert.deepEqual(s.emu.volcengine.effects(WEB.id).map((e) => e.action), ['StopInstance', 'StartInstance']);
    assert.match(await s.waitForOutput(new RegExp(`Start ${WEB.name} \\(${WEB.id}\\): succeeded`)), /StartInstance/);

    // 4. Out of stock: the check fails, says why, and nothing starts.
    await s.closeToasts();
    s.emu.control.volcengine.setOutOfStock(BATCH.id, true);
    assert.match(await s.rowDescription(BATCH.name, volc), /^Stopped \(economical stop\)/);
    await s.contextMenu(BATCH.name, /^Start Instance/, volc);
    await s.quickPickItems('Start now, or only check?');
    await s.pick(/^Check only \(DryRun\)/);
    await s.answerDialog('Check');
    const refusal = await s.toastText(/Insufficient\.InstanceCapacity/);
    assert.match(refusal, new RegExp(`Volcengine refused to start ${BATCH.name}`));
    assert.match(refusal, /out of stock/);
    // The check's progress notification closes once the refusal is shown: the screenshot shows the refusal alone.
    await s.toast(/Checking whether/).waitFor({ state: 'hidden', timeout: 30_000 });
    await s.toast(/Insufficient\.InstanceCapacity/).hover();
    await s.shot('out-of-stock');
    assert.deepEqual(s.emu.volcengine.effects(BATCH.id), [], 'nothing was started');
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
