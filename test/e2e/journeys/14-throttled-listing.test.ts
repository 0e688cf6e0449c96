/**
 * Journey 14: throttled listings are not silent. Two 429s with Retry-After: 3 on a scale set's
 * VM list: its row says "waiting 3 s: throttled" while the SDK waits, the output has one line
 * per wait with the code, the wait and "as the cloud asked", and the list arrives after the
 * waits. Volcengine: FlowLimitExceeded with Retry-After: 3 is waited out for 3 s (not 0.5 s) and
 * said so; without Retry-After the output says the wait is our own back-off.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';
import { collapsePane, pressInlineAction } from './fleetView';

void describe('journey 14: a throttled listing shows its wait', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '14-throttled-listing', settings: { 'fleetPower.autoRefreshSeconds': 0 } });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('the wait is on the node and in the output, for both clouds', { timeout: 240_000 }, async () => {
    assert.ok(s);
    s.emu.inject({ kind: 'throttle', service: 'arm', route: /vmss-web\/virtualmachines$/, retryAfterSeconds: 3, count: 2 });
    s.emu.inject({ kind: 'throttle', service: 'volc', route: 'DescribeRegions', retryAfterSeconds: 3, count: 1 });
    await s.openFleetPower();
    await collapsePane(s, 'Recent Operations');
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    // The read-ahead for the count hits the throttle: the row says it is waiting, and for what.
    const waiting = await s.waitForRowDescription('vmss-web', /waiting 3 s: throttled/, 30_000, azure);
    assert.match(waiting, /^rg-web-prod · eastus · Uniform · waiting 3 s: throttled$/);
    await s.shot('scale-set-waiting');
    await s.waitForRowDescription('vmss-web', /17\/24 running/, 30_000, azure);
    assert.doesNotMatch(await s.rowDescription('vmss-web', azure), /waiting/);

    const output = await s.waitForOutput(/listing the instances of vmss-web was throttled[^\n]*\n[^\n]*listing the instances of vmss-web was throttled/);
    const lines = output.split('\n').filter((l) => /listing the instances of vmss-web was throttled/.test(l));
    assert.equal(lines.length, 2, lines.join('\n'));
    for (const line of lines) assert.match(line, /\[warning\] Azure: listing the instances of vmss-web was throttled \(OperationNotAllowed\); waiting 3 s, as the cloud asked \(Retry-After\) \[request id \S+\]/);
    const attempts = s.emu.requests.where({ service: 'arm', method: 'GET' }).filter((r) => /\/vmss-web\/virtualMachines$/i.test(r.path) && !Object.keys(r.query).some((k) => /skip/i.test(k)));
    assert.deepEqual(attempts.map((r) => r.status), [429, 429, 200]);
    const [first, second, third] = attempts;
    assert.ok(first && second && third && second.at - first.at >= 2900 && third.at - second.at >= 2900, 'the SDK waited the 3 s asked for');

    // Volcengine: DescribeRegions throttled with Retry-After: 3 when the view first loads.
    await s.expandPane('Volcengine ECS');
    const volcLine = await s.waitForOutput(/Volcengine: listing the regions was throttled/);
    assert.match(volcLine, /\[warning\] Volcengine: listing the regions was throttled \(FlowLimitExceeded\); waiting 3 s, as the cloud asked \(Retry-After\)/);
    const regions = s.emu.requests.where({ service: 'volc', operation: 'DescribeRegions' });
    assert.deepEqual(regions.map((r) => r.status).slice(0, 2), [429, 200]);
    const [refused, retried] = regions;
    assert.ok(refused && retried && retried.at - refused.at >= 2900, `the retry went out ${String((retried?.at ?? 0) - (refused?.at ?? 0))} ms later, not after the 3 s asked for`);

    // Without Retry-After the wait is ours, and the line says so; the region row shows it meanwhile.
    const volc = s.pane('Volcengine ECS');
    await s.waitForRowDescription('China North 2 (Beijing)', /running$/, 30_000, volc);
    s.emu.inject({ kind: 'throttle', service: 'volc', route: 'DescribeInstances', count: 1 });
    await pressInlineAction(s, 'China North 2 (Beijing)', volc, 'Refresh This');
    const ours = await s.waitForOutput(/Volcengine: listing the instances in China North 2 \(Beijing\) was throttled/);
    assert.match(ours, /listing the instances in China North 2 \(Beijing\) was throttled \(FlowLimitExceeded\); waiting 0\.5 s, our own back-off \(the cloud named no wait\)/);
    await s.showOutputPanel();
    await s.shot('output-lines');

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
