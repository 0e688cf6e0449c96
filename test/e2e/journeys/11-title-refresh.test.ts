/**
 * Journey 11: the Refresh button in a view's title bar refreshes the whole view, whatever row
 * has focus. Two VMs in two scale sets change behind the extension's back while a third row is
 * focused; the title Refresh re-reads every list on screen (each expanded subscription's scale
 * sets and every scale set's VMs behind its count), both changes appear, the counts stay, and
 * only changed rows are redrawn. The same in the Volcengine view. A disabled subscription says
 * why it is empty, and after a window reload the tree comes back expanded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_SUBSCRIPTIONS } from '../../../emulator/src/index';
import { VsCodeSession } from '../harness';
import { armGets, collapsePane, lastSeq, openDevScaleSet, pressTitleAction } from './fleetView';

void describe('journey 11: title Refresh re-reads the whole view', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    // Automatic refresh off: every request here comes from a click.
    s = await VsCodeSession.start({ journey: '11-title-refresh', settings: { 'fleetPower.autoRefreshSeconds': 0 } });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('after a row was clicked, the title Refresh re-reads every expanded node and both out-of-band changes show', { timeout: 240_000 }, async () => {
    assert.ok(s);
    // The other views are opened when their turn comes. Bottom up (Dev/Test first), so each row
    // to expand is near the top of the (virtual) list when it is clicked.
    const azure = await openDevScaleSet(s);
    await s.expand('Contoso Production', azure);
    // Counts are there for every scale set on screen, expanded or not.
    await s.waitForRowDescription('vmss-api', /Flexible · 3\/6 running/, 30_000, azure);
    await s.waitForRowDescription('vmss-jobs', /\d+\/4 running/, 30_000, azure);
    await s.expand('vmss-web', azure);
    assert.equal(await s.rowDescription('vmss-web_5', azure), '#5 · Running');
    assert.equal(await s.rowDescription('vmss-dev_1', azure), '#1 · Running');
    const webBefore = await s.rowDescription('vmss-web', azure);

    // A row gets focus (VS Code hands the focused row to title commands).
    await s.select(['vmss-web_1'], azure);
    s.emu.control.azure.setPowerState('vmss-web_5', 'deallocated');
    s.emu.control.azure.setPowerState('vmss-dev_1', 'stopped');
    await s.shot('focused-row-two-changes-behind-its-back');

    const seq = lastSeq(s);
    await pressTitleAction(azure, 'Refresh View');
    await s.waitForRowDescription('vmss-web_5', /^#5 · Deallocated$/, 30_000, azure);
    await s.waitForRowDescription('vmss-dev_1', /^#1 · Stopped$/, 30_000, azure);
    await s.shot('after-title-refresh');

    const gets = armGets(s, seq);
    const listed = (pattern: RegExp): boolean => gets.some((r) => pattern.test(r.path));
    assert.ok(listed(/^\/subscriptions$/i), 'the subscriptions were not re-read');
    for (const sub of [SAMPLE_SUBSCRIPTIONS.production, SAMPLE_SUBSCRIPTIONS.devTest]) {
      assert.ok(listed(new RegExp(`^/subscriptions/${sub}/providers/Microsoft\\.Compute/virtualMachineScaleSets$`, 'i')), `the scale sets of ${sub} were not re-read`);
    }
    assert.ok(listed(/\/vmss-web\/virtualMachines$/i), 'vmss-web (focused) was not re-read');
    assert.ok(listed(/\/vmss-dev\/virtualMachines$/i), 'vmss-dev was not re-read: the title Refresh acted on the focused row only');
    const flexible = gets.filter((r) => /\/providers\/Microsoft\.Compute\/virtualMachines$/i.test(r.path)).map((r) => r.query.$filter ?? '');
    assert.ok(flexible.some((f) => f.includes('vmss-api')) && flexible.some((f) => f.includes('vmss-jobs')), `the counts of the collapsed Flexible sets were not re-read: ${flexible.join(' | ')}`);
    assert.ok(!listed(/0c1d2e3f/i), 'the disabled subscription was listed');
    assert.equal(s.emu.requests.where({ service: 'arm' }).filter((r) => r.seq > seq && r.method !== 'GET').length, 0);

    // Counts stay after a refresh (the scale set lost "n/m running" before).
    const webAfter = await s.rowDescription('vmss-web', azure);
    assert.match(webAfter, /\d+\/24 running/);
    assert.notEqual(webAfter, webBefore, 'the count did not follow the deallocated VM');
    assert.match(await s.rowDescription('vmss-api', azure), /3\/6 running/);

    // A disabled subscription expands to one line saying why.
    await s.expand('Contoso Legacy (disabled)', azure);
    await s.reveal(/This subscription is disabled: nothing in it can be listed or changed\./, azure);
    await s.shot('disabled-subscription');

    // Volcengine: every region has its count on first load; the title Refresh re-reads every region.
    await collapsePane(s, 'Azure Scale Sets');
    const volc = await s.expandPane('Volcengine ECS');
    await s.waitForRowDescription('China North 2 (Beijing)', /^cn-beijing · 5\/7 running$/, 30_000, volc);
    await s.waitForRowDescription('China East 2 (Shanghai)', /^cn-shanghai · \d+\/7 running$/, 30_000, volc);
    await s.expand('China North 2 (Beijing)', volc);
    await s.select(['web-bj-01'], volc);
    s.emu.control.volcengine.setStatus('i-bj01a0000000000002', 'STOPPED', 'KeepCharging');
    s.emu.control.volcengine.setStatus('i-sh01a0000000000008', 'STOPPED', 'KeepCharging');
    const volcSeq = lastSeq(s);
    await pressTitleAction(volc, 'Refresh View');
    await s.waitForRowDescription('web-bj-02', /^Stopped \(normal stop, still billed\)/, 30_000, volc);
    await s.waitForRowDescription('China North 2 (Beijing)', /^cn-beijing · 4\/7 running$/, 30_000, volc);
    // The collapsed region's count follows its stopped instance (what the emulator holds now).
    const shanghai = s.emu.state().volcengine.regions.find((r) => r.regionId === 'cn-shanghai')?.zones.flatMap((z) => z.instances) ?? [];
    const running = shanghai.filter((i) => i.status === 'RUNNING').length;
    assert.ok(!shanghai.some((i) => i.instanceId === 'i-sh01a0000000000008' && i.status === 'RUNNING'));
    await s.waitForRowDescription('China East 2 (Shanghai)', new RegExp(`^cn-shanghai · ${running}/${shanghai.length} running$`), 30_000, volc);
    const regionReads = s.emu.requests.where({ service: 'volc', operation: 'DescribeInstances' }).filter((r) => r.seq > volcSeq);
    assert.ok(regionReads.length >= 3, `every region is re-read (its count is on screen): ${regionReads.length} DescribeInstances`);
    await s.shot('volcengine-after-title-refresh');

    // Expansion survives a window reload: the rows come back without expanding anything.
    await s.reloadWindow();
    await s.openFleetPower();
    await collapsePane(s, 'Volcengine ECS');
    const reloaded = await s.expandPane('Azure Scale Sets');
    await s.reveal('vmss-web_5', reloaded, 60_000);
    assert.equal(await s.row('vmss-web', reloaded).getAttribute('aria-expanded'), 'true');
    assert.match(await s.rowDescription('vmss-dev_1', reloaded), /^#1 · Stopped$/);
    await s.shot('after-reload-still-expanded');

    const output = s.outputText();
    assert.doesNotMatch(output, /\[error\]/, `the output channel reported an error:\n${output}`);
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
