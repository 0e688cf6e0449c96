/**
 * Journey 15: a failure says which way it went, and Retry is one click. Azure accepts a
 * deallocation (202) that then ends Failed with InternalExecutionError: while it runs, the
 * progress notification speaks the user's words ("still deallocating, checked 2 times"; the
 * raw "Status: InProgress" is in the output only); when it ends, the notification closes and
 * the toast says Azure accepted the request and it then failed, and that this is usually
 * temporary — not that the state does not allow it. Retry goes through the same choices and
 * confirmation, for the failed VM only, and succeeds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from '../harness';
import { collapsePane } from './fleetView';

void describe('journey 15: accepted, then failed; Retry', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '15-failure-and-retry', transitionMs: 5000, retryAfterSeconds: 1, settings: { 'fleetPower.autoRefreshSeconds': 0 } });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('the wording points the right way, the notification closes, Retry re-runs the flow for the failed VM', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    await collapsePane(s, 'Volcengine ECS');
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Dev/Test', azure);
    await s.expand('vmss-dev', azure);
    assert.equal(await s.rowDescription('vmss-dev_0', azure), '#0 · Running');

    s.emu.inject({ kind: 'lroFail', service: 'arm', route: /vmss-dev\/deallocate$/, code: 'InternalExecutionError', message: 'An internal execution error occurred. Please retry later.' });
    await s.contextMenu('vmss-dev_0', /^Deallocate/, azure);
    await s.quickPickItems('Hibernate before deallocating?');
    await s.pick(/^Deallocate/);
    assert.match(await s.dialogText(), /Deallocate vmss-dev\/0\?/);
    await s.answerDialog('Deallocate');

    // While Azure works: the notification in the user's words.
    const progress = await s.toastText(/still deallocating, checked \d+ times?/);
    assert.match(progress, /Deallocating vmss-dev\/0/);
    assert.doesNotMatch(progress, /InProgress/);
    await s.shot('progress-in-words');

    const toast = await s.toastText(/but it then failed/);
    assert.match(toast, /Azure accepted the request to deallocate vmss-dev\/0, but it then failed: InternalExecutionError — An internal execution error occurred\. Please retry later\. The failure happened inside the cloud and is usually temporary: retry later\./);
    assert.doesNotMatch(toast, /refused|does not allow/);
    const failure = s.toast(/but it then failed/);
    assert.ok(await failure.locator('.monaco-button', { hasText: /^Retry$/ }).isVisible(), `no Retry on: ${toast}`);
    assert.ok(await failure.locator('.monaco-button', { hasText: 'Show Output' }).isVisible());
    // The progress notification closed when the operation ended: it is not left beside the error.
    await waitFor('the progress notification to close', async () => ((await s!.toast(/Deallocating vmss-dev\/0/).count()) === 0 ? true : undefined), 10_000);
    await s.shot('accepted-then-failed');
    assert.match(s.outputText(), /Status: InProgress/, 'the cloud\'s own status word belongs in the output');
    await s.waitForRowDescription('vmss-dev_0', /^#0 · Running$/, 30_000, azure);

    // Retry: the same choices and confirmation, for the failed VM.
    await failure.locator('.monaco-button', { hasText: /^Retry$/ }).click();
    await s.quickPickItems('Hibernate before deallocating?');
    await s.pick(/^Deallocate/);
    assert.match(await s.dialogText(), /Deallocate vmss-dev\/0\?/);
    await s.shot('retry-confirmation');
    await s.answerDialog('Deallocate');
    await s.toastText(/Deallocated vmss-dev\/0\./);
    await s.waitForRowDescription('vmss-dev_0', /^#0 · Deallocated$/, 60_000, azure);
    await s.shot('retried');

    const deallocates = s.emu.requests.where({ service: 'arm', operation: 'deallocate' });
    assert.equal(deallocates.length, 2, JSON.stringify(deallocates.map((r) => [r.path, r.body])));
    for (const r of deallocates) {
      const body = r.body as { instanceIds?: unknown } | undefined;
      assert.ok(/\/virtualMachines\/0\/deallocate$/i.test(r.path) || JSON.stringify(body?.instanceIds) === '["0"]', `not aimed at instance 0 alone: ${r.path} ${JSON.stringify(body)}`);
    }
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
