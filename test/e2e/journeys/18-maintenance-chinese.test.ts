/**
 * Journey 18: the maintenance markers in Chinese (code-server --locale zh-cn): the scale set's
 * count, each marker with a Chinese date, the tooltip, and the whole-scale-set confirmation,
 * which is cancelled (nothing is sent).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 18: maintenance markers in Chinese', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '18-maintenance-chinese', locale: 'zh-cn' });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('count, markers, tooltip and confirmation in Chinese; Cancel sends nothing', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    await s.widenSideBar(900);
    const azure = await s.expandPane('Azure 规模集');
    await s.expand('Contoso Production', azure);
    await s.waitForRowDescription('vmss-web', /^rg-web-prod · eastus · Uniform · 17\/24 台运行中 · 2 个需要维护$/, 30_000, azure);

    await s.expand('vmss-web', azure);
    assert.match(await s.rowDescription('vmss-web_2', azure), /^#2 · 运行中 · 待维护：可在 \d{1,2}月\d{1,2}日 前自行开始$/);
    assert.match(await s.rowDescription('vmss-web_8', azure), /^#8 · 运行中 · Azure 将于 \d{1,2}月\d{1,2}日 至 \d{1,2}月\d{1,2}日 开始维护$/);
    assert.equal(await s.rowDescription('vmss-web_9', azure), '#9 · 运行中 · 维护已完成');
    assert.equal(await s.rowDescription('vmss-web_0', azure), '#0 · 运行中');
    await s.reveal('vmss-web_2', azure);
    // No tooltip over the rows in the picture (the mouse may have stopped on one while scrolling).
    await s.page.mouse.move(1300, 850);
    await s.page.locator('.monaco-hover:visible, .workbench-hover:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    await azure.screenshot({ path: join(s.dir, 'markers-azure-pane-zh-cn.png') });
    await s.shot('markers');

    const row = await s.reveal('vmss-web_2', azure);
    await row.locator('.label-name').first().hover();
    const hover = s.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: '自助维护时段' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const tip = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(tip, /自助维护时段：/);
    assert.match(tip, /计划维护时段（由 Azure 开始）：/);
    assert.match(tip, /自助维护：当前允许/);
    await s.shot('tooltip');
    await s.page.mouse.move(5, 450);

    await s.contextMenu('vmss-web', '执行维护…', azure);
    const question = await s.dialogText();
    assert.match(question, /要对规模集 vmss-web 的 2 个实例执行维护吗？/);
    assert.match(question, /已排除 22 个实例，不会为其发送任何请求/);
    assert.match(question, /临时磁盘上的数据会丢失。/);
    await s.shot('confirmation');
    await s.answerDialog(/取消|Cancel/);
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'performMaintenance' }).length, 0, 'Cancel still sent performMaintenance');

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
