/**
 * Journey 25: reboot a running Volcengine instance with a forced shutdown. A running instance
 * offers Reboot and Stop, never Start; a stopped one offers Start, never Reboot. The
 * confirmation says forced loses unflushed data and that bare metal is always force-stopped
 * (the vendor advises its console); RebootInstance goes out once with ForceStop=true and a
 * ClientToken; the node shows Rebooting… and then Running.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';
import { volcParams } from './volcengineRequests';

const WEB = { name: 'web-bj-01', id: 'i-bj01a0000000000001' };

void describe('journey 25: Volcengine reboot with force', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '25-volcengine-reboot-force', transitionMs: 5000 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('menus by status; Reboot with Force stop → one RebootInstance ForceStop=true; Rebooting… → Running', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const volc = await s.expandPane('Volcengine ECS');
    await s.expand('China North 2 (Beijing)', volc);

    const running = await s.openContextMenuItems(WEB.name, volc);
    assert.ok(running.some((l) => /^Reboot Instance/.test(l)) && running.some((l) => /^Stop Instance/.test(l)), `running: ${running.join(' | ')}`);
    assert.ok(!running.some((l) => /^Start Instance/.test(l)), `Start offered on a running instance: ${running.join(' | ')}`);
    const stopped = await s.openContextMenuItems('web-bj-03', volc);
    assert.ok(stopped.some((l) => /^Start Instance/.test(l)), `stopped: ${stopped.join(' | ')}`);
    assert.ok(!stopped.some((l) => /^(Reboot|Stop) Instance/.test(l)), `Reboot or Stop offered on a stopped instance: ${stopped.join(' | ')}`);

    await s.contextMenu(WEB.name, /^Reboot Instance/, volc);
    const choices = await s.quickPickItems('How should the instances shut down before the restart?');
    assert.match(choices[0] ?? '', /^Normal shutdown default/);
    assert.ok(choices.some((c) => /^Force stop .*data not yet written to disk is lost/.test(c)), `choices: ${choices.join(' | ')}`);
    await s.shot('force-choice');
    await s.pick(/^Force stop/);
    const question = await s.dialogText();
    assert.match(question, new RegExp(`Reboot ${WEB.name} \\(${WEB.id}\\)\\?`));
    assert.match(question, /Force stop: data not yet written to disk is lost/);
    assert.match(question, /Bare-metal instances are always force-stopped; Volcengine advises rebooting them from its console/);
    await s.shot('reboot-confirmation');
    await s.answerDialog('Reboot');

    await s.waitForRowDescription(WEB.name, /^Rebooting…/, 30_000, volc);
    await s.shot('rebooting');
    await s.waitForRowDescription(WEB.name, /^Running · /, 60_000, volc);
    await s.shot('running-again');

    const reboots = s.emu.requests.where({ service: 'volc' }).filter((r) => /^RebootInstances?$/.test(r.query.Action ?? '')).map(volcParams);
    assert.equal(reboots.length, 1, JSON.stringify(reboots));
    assert.deepEqual([reboots[0]?.Action, reboots[0]?.InstanceId, reboots[0]?.ForceStop, reboots[0]?.DryRun], ['RebootInstance', WEB.id, 'true', undefined]);
    assert.ok(reboots[0]?.ClientToken && reboots[0].ClientToken.length <= 64);
    assert.deepEqual(s.emu.volcengine.effects(WEB.id).map((e) => [e.action, e.forceStop]), [['RebootInstance', true]]);
    assert.match(await s.waitForOutput(new RegExp(`Reboot ${WEB.name} \\(${WEB.id}\\): succeeded`)), /RebootInstance/);
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
