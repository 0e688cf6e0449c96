/**
 * Journey 8: VS Code in Chinese (code-server --locale zh-cn, with a zh-cn language pack
 * registered — see prepareProfile). The same tree and menus show the extension's Chinese
 * strings: view titles, power states, the scale-set summary, region names, the context menu
 * and the quick pick.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VsCodeSession } from '../harness';

void describe('journey 8: the tree and menus in Chinese', () => {
  let s: VsCodeSession | undefined;
  before(async () => {
    s = await VsCodeSession.start({ journey: '08-chinese', locale: 'zh-cn' });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
  });

  void test('views, states, menus and quick picks in Chinese', { timeout: 180_000 }, async () => {
    assert.ok(s);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure 规模集');
    await s.pane('火山引擎 ECS').waitFor();
    await s.pane('最近的操作').waitFor();

    await s.expand('Contoso Production', azure);
    await s.expand('vmss-web', azure);
    await s.waitForRowDescription('vmss-web', /rg-web-prod · eastus · Uniform · 17\/24 台运行中/, 30_000, azure);
    assert.equal(await s.rowDescription('vmss-web_0', azure), '#0 · 运行中');
    assert.equal(await s.rowDescription('vmss-web_10', azure), '#10 · 已停止');
    assert.equal(await s.rowDescription('vmss-web_12', azure), '#12 · 已解除分配');
    await s.expand('vmss-api', azure);
    assert.equal(await s.rowDescription('vmss-api_5c6b7a89', azure), '已休眠');
    await s.shot('azure-tree');

    const menu = await s.openContextMenuItems('vmss-web_0', azure);
    for (const item of ['关机…', '解除分配…', '复制资源 ID']) assert.ok(menu.includes(item), `menu ${JSON.stringify(menu)} lacks ${item}`);
    // Perform Maintenance only where Azure allows it: vmss-web_2 has an open self-service window (journey 18).
    const maintainable = await s.openContextMenuItems('vmss-web_2', azure);
    assert.ok(maintainable.includes('执行维护…'), `menu ${JSON.stringify(maintainable)} lacks 执行维护…`);
    const deallocatedMenu = await s.openContextMenuItems('vmss-web_12', azure);
    assert.ok(!deallocatedMenu.includes('关机…'), `Power Off offered on a deallocated VM: ${JSON.stringify(deallocatedMenu)}`);

    await s.contextMenu('vmss-web_0', '关机…', azure);
    const choices = await s.quickPickItems('虚拟机如何关机？');
    assert.ok(choices.some((c) => c.startsWith('正常关机')), choices.join(' | '));
    assert.ok(choices.some((c) => c.startsWith('跳过关机')), choices.join(' | '));
    await s.shot('quick-pick');
    await s.dismissQuickPick();
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'powerOff' }).length, 0, 'dismissing the pick sent a request');

    const volc = await s.expandPane('火山引擎 ECS');
    await s.expand('华北2（北京）', volc);
    assert.match(await s.rowDescription('web-bj-01', volc), /^运行中 · cn-beijing-a · ecs\.g3i\.large$/);
    await s.shot('volcengine-tree');

    // The palette shows the Chinese command titles.
    await s.page.keyboard.press('F1');
    const input = s.quickInput().locator('.quick-input-box input');
    await input.fill('>Azure 规模集: 关机');
    await s.quickPickItem('Azure 规模集: 关机…').waitFor();
    await s.shot('palette');
    await s.dismissQuickPick();

    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
