/**
 * Journey 23: the Azure menus offer only what the state allows — Restart on a running VM, never
 * Start; Start on a stopped or deallocated VM, never Restart — and a restart of a running
 * Uniform instance: the confirmation says the work is interrupted, one scale-set restart with
 * instanceIds ["5"], the node shows Restarting… and then Running again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 23: restart a running VM; menus gated by state', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '23-restart-running', transitionMs: 5000, retryAfterSeconds: 1 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('menus by state; Restart → one scale-set restart with that id; Restarting… → Running', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.expand('vmss-web', azure);

    const menus: Array<[string, string, boolean]> = [['vmss-web_5', 'Running', true], ['vmss-web_10', 'Stopped', false], ['vmss-web_12', 'Deallocated', false]];
    for (const [row, state, running] of menus) {
      assert.match(await s.rowDescription(row, azure), new RegExp(`· ${state}$`));
      const items = await s.openContextMenuItems(row, azure);
      assert.equal(items.some((l) => /^Restart/.test(l)), running, `Restart on a ${state} VM: ${items.join(' | ')}`);
      assert.equal(items.some((l) => /^Start/.test(l)), !running, `Start on a ${state} VM: ${items.join(' | ')}`);
    }
    await (await s.reveal('vmss-web_5', azure)).click({ button: 'right' });
    await s.menuItem(/^Restart/).waitFor();
    await s.shot('menu-on-running');
    await s.page.keyboard.press('Escape');

    await s.contextMenu('vmss-web_5', /^Restart/, azure);
    const question = await s.dialogText();
    assert.match(question, /Restart vmss-web\/5\?/);
    assert.match(question, /interrupted until they are running again/);
    await s.shot('restart-confirmation');
    await s.answerDialog('Restart');

    await s.waitForRowDescription('vmss-web_5', /^#5 · Restarting…$/, 30_000, azure);
    await s.shot('restarting');
    await s.waitForRowDescription('vmss-web_5', /^#5 · Running$/, 60_000, azure);
    await s.shot('running-again');

    const restarts = s.emu.requests.where({ service: 'arm', operation: 'restart' });
    assert.equal(restarts.length, 1, JSON.stringify(restarts.map((r) => [r.path, r.body])));
    assert.match(restarts[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/restart$/i);
    assert.deepEqual(restarts[0]?.body, { instanceIds: ['5'] });
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'start' }).length, 0);
    assert.match(await s.waitForOutput(/Restart vmss-web\/5: succeeded/), /Restart requested: POST \S+\/vmss-web\/restart/);
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
