/**
 * Journey 16: large fleets — filter by power state. "Filter by Power State…" in the Azure
 * view's title bar: tick Stopped and Deallocated; only those instances are listed, the scale
 * sets keep their counts over every instance, the view's description names the filter, a
 * scale set with none of them says so, and one click ("Clear Filter") shows everything again.
 * The same for Volcengine statuses. Nothing is sent to the cloud to filter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from '../harness';
import { collapsePane, lastSeq, openDevScaleSet, paneDescription, pressTitleAction, titleActions } from './fleetView';

void describe('journey 16: filter by power state', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '16-filter-by-state', settings: { 'fleetPower.autoRefreshSeconds': 0 } });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('only the chosen states are listed, the filter is named in the title bar and cleared with one click', { timeout: 240_000 }, async () => {
    assert.ok(s);
    const azure = await openDevScaleSet(s);
    await s.expand('vmss-jobs', azure);
    await s.reveal('vmss-jobs_3a4b5c6d', azure);
    assert.ok(!(await titleActions(azure)).some((l) => l.startsWith('Clear Filter')), 'Clear Filter is offered without a filter');

    const seq = lastSeq(s);
    await pressTitleAction(azure, 'Filter by Power State');
    const items = await s.quickPickItems('Filter by Power State');
    assert.ok(items.some((i) => /^Running running/.test(i)) && items.some((i) => /^Hibernated hibernated/.test(i)), items.join(' | '));
    await s.pickMany([/^Stopped/, /^Deallocated/]);
    await waitFor('the filter in the view description', async () => (/Showing only: Stopped, Deallocated/.test(await paneDescription(azure)) ? true : undefined), 10_000);
    assert.equal(await paneDescription(azure), 'Azure CLI · Showing only: Stopped, Deallocated');
    await waitFor('running VMs to leave the list', async () => ((await s!.row('vmss-dev_0', azure).count()) === 0 ? true : undefined), 10_000);
    assert.equal(await s.rowDescription('vmss-dev_2', azure), '#2 · Stopped');
    assert.equal(await s.rowDescription('vmss-dev_3', azure), '#3 · Deallocated');
    assert.equal(await s.rowDescription('vmss-jobs_9c0d1e2f', azure), 'Stopped');
    assert.equal(await s.row('vmss-jobs_1a2b3c4d', azure).count(), 0, 'a running VM is still listed');
    // The counts are over every instance: the filter hides rows, not facts.
    assert.match(await s.rowDescription('vmss-dev', azure), /2\/4 running/);
    assert.ok((await titleActions(azure)).some((l) => l.startsWith('Clear Filter')), 'no Clear Filter button while filtering');
    await s.shot('azure-filtered');
    assert.equal(s.emu.requests.where({}).filter((r) => r.seq > seq).length, 0, 'filtering sent a request');

    // A scale set with none of the chosen states says so instead of looking empty.
    await pressTitleAction(azure, 'Filter by Power State');
    await s.quickPickItems('Filter by Power State');
    await s.pickMany([/^Stopped/, /^Deallocated/, /^Hibernated/]);
    await waitFor('only hibernated', async () => (/Showing only: Hibernated$/.test(await paneDescription(azure)) ? true : undefined), 10_000);
    await s.reveal(/No instance is Hibernated \(filter by power state\)\./, azure);
    await s.shot('azure-none-match');

    await pressTitleAction(azure, 'Clear Filter');
    await waitFor('the filter to clear', async () => (/Showing only/.test(await paneDescription(azure)) ? undefined : true), 10_000);
    assert.equal(await paneDescription(azure), 'Azure CLI');
    assert.equal(await s.rowDescription('vmss-dev_0', azure), '#0 · Running');
    await s.shot('azure-cleared');

    // Volcengine: by status.
    await collapsePane(s, 'Azure Scale Sets');
    const volc = await s.expandPane('Volcengine ECS');
    await s.expand('China North 2 (Beijing)', volc);
    await pressTitleAction(volc, 'Filter by Status');
    await s.quickPickItems('Filter by Status');
    await s.pickMany([/^Stopped/]);
    await waitFor('running instances to leave the list', async () => ((await s!.row('web-bj-01', volc).count()) === 0 ? true : undefined), 10_000);
    assert.match(await paneDescription(volc), /Showing only: Stopped$/);
    assert.match(await s.rowDescription('web-bj-03', volc), /^Stopped/);
    assert.match(await s.rowDescription('batch-bj-01', volc), /^Stopped/);
    assert.match(await s.rowDescription('China North 2 (Beijing)', volc), /5\/7 running/);
    await s.shot('volcengine-filtered');
    await pressTitleAction(volc, 'Clear Filter');
    await s.reveal('web-bj-01', volc);

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
