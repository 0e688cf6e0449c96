/**
 * Journey 6: Volcengine. Region → instances → Stop with StopCharging and DryRun: "checks
 * passed", nothing changes. Then the same without DryRun: STOPPING → STOPPED, with the
 * stop mode shown on the node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RecordedRequest } from '../../../emulator/src/index';
import { VsCodeSession } from '../harness';

const INSTANCE_ID = 'i-bj01a0000000000001';

function params(r: RecordedRequest): Record<string, string> {
  const body = r.body && typeof r.body === 'object' ? (r.body as Record<string, unknown>) : {};
  return { ...r.query, ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) };
}

void describe('journey 6: stop a Volcengine instance', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '06-volcengine-stop', transitionMs: 4000 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  async function stopWith(session: VsCodeSession, dryRun: boolean): Promise<string> {
    const volc = session.pane('Volcengine ECS');
    await session.contextMenu('web-bj-01', /^Stop Instance/, volc);
    await session.quickPickItems('Stop mode');
    await session.pick(/^Economical stop \(StopCharging\)/);
    await session.quickPickItems('Force stop?');
    await session.pick(/^Normal shutdown/);
    await session.quickPickItems('Stop now, or only check?');
    if (dryRun) await session.shot('dry-run-choice');
    await session.pick(dryRun ? /^Check only \(DryRun\)/ : /^Stop the instances/);
    const question = await session.dialogText();
    assert.match(question, dryRun ? /Check whether web-bj-01 \(i-bj01a0000000000001\) can be stopped\? Nothing will be stopped\./ : /Stop web-bj-01 \(i-bj01a0000000000001\)\?/);
    assert.match(question, /Economical stop/);
    await session.shot(dryRun ? 'dry-run-confirmation' : 'stop-confirmation');
    await session.answerDialog(dryRun ? 'Check' : 'Stop');
    return question;
  }

  void test('DryRun: checks passed, nothing changes; then STOPPING → STOPPED with the stop mode shown', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const volc = await s.expandPane('Volcengine ECS');
    await s.expand('China North 2 (Beijing)', volc);
    assert.match(await s.rowDescription('web-bj-01', volc), /^Running · cn-beijing-a · ecs\.g3i\.large$/);
    await s.shot('region-expanded');

    // 1. Check only.
    await stopWith(s, true);
    const checked = await s.toastText(/Checks passed/);
    assert.match(checked, /nothing was stopped/);
    await s.shot('checks-passed');
    const dry = s.emu.requests.where({ service: 'volc', operation: 'StopInstance' });
    assert.equal(dry.length, 1, JSON.stringify(dry.map(params)));
    const dryParams = params(dry[0] as RecordedRequest);
    assert.equal(dryParams.InstanceId, INSTANCE_ID);
    assert.equal(dryParams.DryRun, 'true');
    assert.equal(dryParams.StoppedMode, 'StopCharging');
    assert.notEqual(dryParams.ForceStop, 'true');
    assert.equal(dry[0]?.status, 412, 'a DryRun that passes answers DryRunOperation (412)');
    assert.equal(s.emu.state().volcengine.regions[0]?.zones[0]?.instances[0]?.status, 'RUNNING', 'DryRun changed the instance');
    await s.waitForRowDescription('web-bj-01', /^Running · /, 15_000, volc);
    assert.match(await s.waitForOutput(/checks passed/), /Stop [^\n]*web-bj-01[^\n]*: checks passed/);
    await s.closeToasts();

    // 2. Stop for real.
    await stopWith(s, false);
    await s.waitForRowDescription('web-bj-01', /^(Stopping…)/, 30_000, volc);
    await s.shot('stopping');
    const stopped = await s.waitForRowDescription('web-bj-01', /^Stopped/, 60_000, volc);
    assert.equal(stopped, 'Stopped (economical stop) · cn-beijing-a · ecs.g3i.large');
    await s.shot('stopped');

    const stops = s.emu.requests.where({ service: 'volc', operation: 'StopInstance' });
    assert.equal(stops.length, 2, JSON.stringify(stops.map(params)));
    const real = params(stops[1] as RecordedRequest);
    assert.equal(real.InstanceId, INSTANCE_ID);
    assert.notEqual(real.DryRun, 'true');
    assert.equal(real.StoppedMode, 'StopCharging');
    assert.ok(real.ClientToken && real.ClientToken.length <= 64, `ClientToken: ${real.ClientToken}`);
    assert.notEqual(real.ClientToken, params(stops[0] as RecordedRequest).ClientToken, 'two user actions shared a ClientToken');
    assert.equal(stops[1]?.status, 200);
    const after = s.emu.state().volcengine.regions[0]?.zones[0]?.instances;
    assert.equal(after?.[0]?.status, 'STOPPED');
    assert.equal(after?.[0]?.stoppedMode, 'StopCharging');
    assert.equal(after?.[1]?.status, 'RUNNING', 'another instance was stopped');
    const describes = s.emu.requests.where({ service: 'volc', operation: 'DescribeInstances' });
    assert.ok(describes.length >= 2, 'the instance was not polled until it stopped');

    const output = await s.waitForOutput(/Stop [^\n]*web-bj-01[^\n]*: succeeded/);
    assert.match(output, /ClientToken|client token/i);
    assert.match(output, /StopCharging/);

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
