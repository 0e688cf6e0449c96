/**
 * Journey 17: maintenance you can see before you act. The sample fleet plans maintenance on
 * vmss-web (2 and 3 in an open self-service window, 8 with only Azure's window left, 9 done):
 * the scale set says "2 need maintenance" beside "17/24 running", each instance shows its
 * marker and the tooltip both windows; Perform Maintenance… is on the menu only of the eligible
 * instances and of the scale set; the whole-scale-set confirmation lists the eligible ones and
 * why the others are left out; the request carries exactly those ids; afterwards the markers
 * and the count are gone.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession, waitFor } from '../harness';

const MAINTAIN = /^Perform Maintenance/;
const hasMaintain = (items: string[]) => items.some((i) => MAINTAIN.test(i));

void describe('journey 17: maintenance markers, eligibility and the whole-scale-set confirmation', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '17-maintenance-markers', transitionMs: 1500, retryAfterSeconds: 1 });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('markers and counts; the menu only where eligible; the confirmation and the request carry exactly the eligible ones', { timeout: 240_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    // The markers are long: give the tree room so the screenshot shows them whole.
    await s.widenSideBar(900);
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Production', azure);
    await s.waitForRowDescription('vmss-web', /^rg-web-prod · eastus · Uniform · 17\/24 running · 2 need maintenance$/, 30_000, azure);
    await s.waitForRowDescription('vmss-api', /^rg-web-prod · eastus · Flexible · 3\/6 running · 1 needs maintenance$/, 30_000, azure);

    await s.expand('vmss-web', azure);
    assert.match(await s.rowDescription('vmss-web_2', azure), /^#2 · Running · maintenance pending: you can start it until [A-Z][a-z]{2} \d{1,2}$/);
    assert.match(await s.rowDescription('vmss-web_3', azure), /^#3 · Running · maintenance pending: you can start it until /);
    assert.match(await s.rowDescription('vmss-web_8', azure), /^#8 · Running · Azure will start maintenance [A-Z][a-z]{2} \d{1,2} – [A-Z][a-z]{2} \d{1,2}$/);
    assert.equal(await s.rowDescription('vmss-web_9', azure), '#9 · Running · maintenance completed');
    assert.equal(await s.rowDescription('vmss-web_0', azure), '#0 · Running');
    await s.reveal('vmss-web_2', azure);
    // No tooltip over the rows in the picture (the mouse may have stopped on one while scrolling).
    await s.page.mouse.move(1300, 850);
    await s.page.locator('.monaco-hover:visible, .workbench-hover:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    await azure.screenshot({ path: join(s.dir, 'markers-azure-pane-en.png') });
    await s.shot('markers');

    // The tooltip: both windows in local time and whether Azure allows it now.
    const row = await s.reveal('vmss-web_2', azure);
    await row.locator('.label-name').first().hover();
    const hover = s.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Self-service window' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const tip = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(tip, /Self-service window: .+ – .+/);
    assert.match(tip, /Scheduled window \(Azure starts it\): /);
    assert.match(tip, /Self-service maintenance: allowed now/);
    await s.shot('tooltip');
    await s.page.mouse.move(5, 450);

    // Perform Maintenance… only on the eligible instances and on the scale set that has them.
    assert.ok(hasMaintain(await s.openContextMenuItems('vmss-web_2', azure)), 'not offered on an eligible instance');
    for (const name of ['vmss-web_0', 'vmss-web_8', 'vmss-web_9']) {
      const items = await s.openContextMenuItems(name, azure);
      assert.ok(!hasMaintain(items), `offered on ${name}: ${JSON.stringify(items)}`);
      assert.ok(items.some((i) => /^Power Off/.test(i)), `the menu of ${name} did not open fully: ${JSON.stringify(items)}`);
    }
    assert.ok(hasMaintain(await s.openContextMenuItems('vmss-web', azure)), 'not offered on the scale set');

    // Whole scale set: the confirmation lists the eligible instances and why the rest are left out.
    await s.contextMenu('vmss-web', MAINTAIN, azure);
    const question = await s.dialogText();
    assert.match(question, /Perform maintenance on 2 instances of scale set vmss-web\?/);
    assert.match(question, /Instances: vmss-web\/2, vmss-web\/3 /);
    assert.match(question, /Left out, nothing is sent for them: 22 instances \(no maintenance planned: 20; Azure does not offer self-service maintenance for it now: 2\)\./);
    assert.match(question, /about 25 minutes per instance/);
    assert.match(question, /temporary disk is lost/);
    assert.match(question, /stop or deallocate often/);
    await s.shot('confirmation');
    await s.answerDialog('Perform Maintenance');

    await s.waitForOutput(/Perform maintenance [^\n]*: succeeded/, 90_000);
    const sent = s.emu.requests.where({ service: 'arm', operation: 'performMaintenance' });
    assert.equal(sent.length, 1, JSON.stringify(sent.map((r) => r.path)));
    assert.match(sent[0]?.path ?? '', /\/virtualMachineScaleSets\/vmss-web\/performMaintenance$/i);
    assert.deepEqual(sent[0]?.body, { instanceIds: ['2', '3'] });

    // Afterwards the markers and the count are gone; the others keep theirs.
    await s.waitForRowDescription('vmss-web_2', /^#2 · Running$/, 60_000, azure);
    await s.waitForRowDescription('vmss-web_3', /^#3 · Running$/, 30_000, azure);
    await s.waitForRowDescription('vmss-web', /^rg-web-prod · eastus · Uniform · 17\/24 running$/, 30_000, azure);
    assert.match(await s.rowDescription('vmss-web_8', azure), /Azure will start maintenance/);
    await waitFor('the scale set menu without Perform Maintenance', async () => (hasMaintain(await s?.openContextMenuItems('vmss-web', azure) ?? ['x']) ? undefined : true), 20_000);
    await s.shot('after-maintenance');

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
