/**
 * Journey 29: VS Code's http.proxy points at a local proxy that only tunnels (CONNECT). The
 * extension lists both clouds and powers off a VM; every request to Azure Resource Manager and
 * to Volcengine arrived at the emulator from one of the proxy's tunnels (the emulator logs each
 * request's peer), the proxy saw tunnels to both, and nothing was sent to it untunnelled.
 * VS Code's own proxy support is off here, so what is proven is the extension's own routing.
 * (The Azure CLI's token requests are az's own traffic and follow az's proxy settings.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startConnectProxy, type ConnectProxy } from '../../faults/support/connectProxy';
import { VsCodeSession } from '../harness';

void describe('journey 29: both clouds through http.proxy', () => {
  let s: VsCodeSession | undefined;
  let proxy: ConnectProxy | undefined;
  before(async () => {
    proxy = await startConnectProxy();
    s = await VsCodeSession.start({
      journey: '29-proxy', transitionMs: 3000, retryAfterSeconds: 1,
      settings: { 'http.proxy': proxy.url, 'http.proxySupport': 'off' },
    });
  });
  after(async () => {
    await s?.shot('final').catch(() => undefined);
    await s?.stop();
    await proxy?.stop();
  });

  void test('listing and a power off go through the proxy, on both clouds; nothing bypasses it', { timeout: 240_000 }, async () => {
    assert.ok(s && proxy);
    await s.openFleetPower();
    const azure = await s.expandPane('Azure Scale Sets');
    await s.expand('Contoso Dev/Test', azure);
    await s.expand('vmss-dev', azure);
    assert.equal(await s.rowDescription('vmss-dev_0', azure), '#0 · Running');
    const volc = await s.expandPane('Volcengine ECS');
    await s.expand('China North 2 (Beijing)', volc);
    await s.waitForRowDescription('web-bj-01', /^Running · /, 60_000, volc);
    await s.shot('both-clouds-listed');

    await s.contextMenu('vmss-dev_0', /^Power Off/, azure);
    await s.quickPickItems('How should the VMs shut down?');
    await s.pick(/^Skip shutdown/);
    assert.match(await s.dialogText(), /Power off vmss-dev\/0\?/);
    await s.answerDialog('Power Off');
    await s.waitForRowDescription('vmss-dev_0', /^#0 · Stopped$/, 90_000, azure);
    await s.shot('powered-off-through-proxy');

    const cloudRequests = s.emu.requests.all().filter((r) => r.service === 'arm' || r.service === 'volc');
    const arm = cloudRequests.filter((r) => r.service === 'arm');
    const volcRequests = cloudRequests.filter((r) => r.service === 'volc');
    assert.ok(arm.some((r) => r.operation === 'powerOff'), 'the power off reached Azure');
    assert.ok(arm.length >= 4 && volcRequests.length >= 2, `requests: ${arm.length} ARM, ${volcRequests.length} Volcengine`);
    const bypassed = cloudRequests.filter((r) => !proxy?.carried(r.peer));
    assert.deepEqual(bypassed.map((r) => `${r.service} ${r.method} ${r.path} from ${r.peer ?? '?'}`), [], 'a request reached the cloud without the proxy');
    const tunnelled = new Set(proxy.tunnels.map((t) => t.target));
    assert.ok(tunnelled.has(new URL(s.emu.armUrl).host), `no tunnel to ARM: ${[...tunnelled].join(', ')}`);
    assert.ok(tunnelled.has(new URL(s.emu.volcUrl).host), `no tunnel to Volcengine: ${[...tunnelled].join(', ')}`);
    assert.deepEqual(proxy.plainRequests, [], 'requests sent to the proxy without a tunnel');
    assert.equal(s.emu.requests.where({ service: 'arm', operation: 'powerOff' }).length, 1);

    await s.showOutputPanel();
    await s.shot('output');
    assert.deepEqual(s.leakedSecrets(), [], 'a credential reached the VS Code profile (logs, settings or state)');
  });
});
