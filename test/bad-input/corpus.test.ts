/**
 * The bad-input corpus: hostile names and ids, malformed settings and credentials, ClientToken
 * edge cases and empty selections. Each must end in a clear error and no request to any host
 * it was not meant for (counted for every HTTP request this process starts).
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startFleet, type FleetHarness } from '../faults/support/fleet';
import { RequestCounter } from '../faults/support/requests';
import { scenario, useProbe } from '../faults/support/results';
import {
  AzureConfigurationError, createAzureCredential, InvalidResourceIdError, parseArmId, resolveAzureEndpoint,
} from '../../src/cloud/azure/index';
import {
  normalizeStoredCredentials, resolveVolcengineCredentials, VolcengineCredentialsError, createVolcengineClient,
} from '../../src/cloud/volcengine/index';
import { ClientTokenError, parseVolcengineEndpoint, validateClientToken, VolcengineConfigError } from '../../src/fleet/index';
import type { EcsInstance, OperationTarget, ScaleSet, ScaleSetInstance } from '../../src/fleet/model';
import { EmptySelectionError } from '../../src/fleet/engine';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';
import { deallocateFlow, powerOffFlow } from '../../src/ui/flows/azure';
import { stopInstanceFlow } from '../../src/ui/flows/volcengine';

let h: FleetHarness;
/** A secret pasted into a credential source: no message may echo it. */
const PASTED_SECRET = 'CANARYsecretInBadInput0001';
const counter = new RequestCounter();

before(async () => {
  h = await startFleet();
  useProbe(h.probe({ canaries: () => [PASTED_SECRET] }));
  counter.start();
});

after(async () => {
  counter.stop();
  await h.stop();
});

const SUB = '3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-web-prod/providers/Microsoft.Compute`;

/** Names a crafted resource (or a careless paste) might carry. */
const HOSTILE_NAMES: Record<string, string> = {
  unicode: 'vmss-wéb-数据',
  rtlMark: 'vmss\u200Fbew',
  dotDot: '..',
  slash: 'vmss-web/../../../providers/Microsoft.Authorization',
  percent2F: 'vmss-web%2F..%2Fother',
  question: 'vmss-web?api-version=1999-01-01',
  hash: 'vmss-web#fragment',
  veryLong: 'v'.repeat(300),
  markup: '<img src=x onerror=alert(1)>',
  absoluteUrl: 'https://attacker.example/steal',
};

/** Hosts the process may talk to: the emulator only. */
function hostsSince(from: number): string[] {
  return [...new Set(counter.since(from).map((r) => r.host))];
}

function emulatorHosts(): string[] {
  return [new URL(h.emu.armUrl).host, new URL(h.emu.volcUrl).host];
}

const uniformInstance = (instanceId: string, powerState: ScaleSetInstance['powerState']): ScaleSetInstance => ({
  id: `${RG}/virtualMachineScaleSets/vmss-web/virtualMachines/${instanceId}`,
  name: `vmss-web_${instanceId}`, instanceId, powerState,
  scaleSet: { id: `${RG}/virtualMachineScaleSets/vmss-web`, name: 'vmss-web', subscriptionId: SUB, resourceGroup: 'rg-web-prod', orchestrationMode: 'Uniform' },
});

void describe('bad input', () => {
  for (const [kind, name] of Object.entries(HOSTILE_NAMES)) {
    scenario('bad input: names', 'azure', `scale-set and VM name (${kind}) refused by parseArmId and the drivers`, async () => {
      for (const id of [`${RG}/virtualMachineScaleSets/${name}`, `${RG}/virtualMachines/${name}`, `${RG}/virtualMachineScaleSets/vmss-web/virtualMachines/${name}`]) {
        assert.throws(() => parseArmId(id), (err: unknown) => {
          assert.ok(err instanceof InvalidResourceIdError);
          assert.match(err.message, /^Not a valid Azure resource id \(/);
          if (kind === 'rtlMark') {
            assert.ok(!err.message.includes('\u200F'), 'the invisible mark is not passed on');
            assert.match(err.message, /\\u200f/, 'it is shown escaped');
          }
          return true;
        }, `${kind}: ${id.slice(0, 120)}`);
      }
      const from = counter.count;
      const target: OperationTarget = { id: `${RG}/virtualMachines/${name}`, label: name, scope: `${RG}/virtualMachineScaleSets/vmss-api` };
      const record = await h.run('azure.powerOff', [target], { skipShutdown: false });
      assert.equal(record.status, 'failed');
      assert.equal(record.error?.code, 'InvalidResourceId');
      assert.equal(record.error?.category, 'invalidInput');
      const sent = counter.since(from);
      assert.ok(sent.every((r) => r.method === 'GET'), `no action was sent (${JSON.stringify(sent)})`);
      assert.ok(hostsSince(from).every((host) => emulatorHosts().includes(host)), `only the configured endpoint: ${hostsSince(from).join(', ')}`);
      return { requests: sent.length };
    });

    scenario('bad input: names', 'volcengine', `instance id (${kind}) refused before any request`, async () => {
      const from = counter.count;
      const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', [name]), h.stopOptions());
      assert.equal(record.status, 'failed');
      assert.equal(record.results[name]?.status, 'notSent', 'refused before anything was sent');
      assert.equal(record.results[name]?.code, 'InvalidInstanceId');
      assert.equal(counter.since(from).length, 0, 'nothing was sent');
      return { requests: 0 };
    });
  }

  scenario('bad input: resource ids', 'azure', 'malformed and foreign resource ids', async () => {
    const bad = [
      '', 'subscriptions/x', '/subscriptions/', '/subscriptions/ /resourceGroups/rg',
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic`,
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss/virtualMachines/1/extra`,
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss/virtualMachines/not-a-number`,
      `/subscriptions/${SUB}//resourceGroups/rg`, `https://attacker.example/subscriptions/${SUB}`, `//attacker.example/subscriptions/${SUB}`,
      `/subscriptions/${SUB}\\resourceGroups\\rg`, `/subscriptions/${SUB}/resourceGroups/rg./providers/Microsoft.Compute/virtualMachines/vm`,
    ];
    for (const id of bad) assert.throws(() => parseArmId(id), InvalidResourceIdError, JSON.stringify(id));
    const from = counter.count;
    const record = await h.run('azure.deallocate', [{ id: bad[8] ?? '', label: 'x', scope: bad[9] ?? '' }], { hibernate: false });
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.code, 'InvalidResourceId');
    assert.ok(hostsSince(from).every((host) => emulatorHosts().includes(host)), 'attacker.example never contacted');
    assert.ok(counter.since(from).every((r) => r.method === 'GET'));
    return { requests: counter.since(from).length };
  });

  scenario('bad input: credentials', 'volcengine', 'empty, whitespace and broken key pairs: clear errors, secret never echoed', async () => {
    const from = counter.count;
    const secret = PASTED_SECRET;
    const errors: unknown[] = [];
    assert.equal(await resolveVolcengineCredentials({ env: { VOLCENGINE_ACCESS_KEY: '', VOLCENGINE_SECRET_KEY: '   ' }, homeDir: '/nonexistent' }), undefined, 'blank = not configured');
    await assert.rejects(resolveVolcengineCredentials({ env: { VOLCENGINE_ACCESS_KEY: 'AKLTabc', VOLCENGINE_SECRET_KEY: ' \t ' }, homeDir: '/nonexistent' }), (err: unknown) => {
      errors.push(err);
      assert.ok(err instanceof VolcengineCredentialsError);
      assert.equal(err.problem, 'incomplete');
      return true;
    });
    await assert.rejects(resolveVolcengineCredentials({ env: { VOLCENGINE_ACCESS_KEY: 'AKLTabc', VOLCENGINE_SECRET_KEY: `${secret} pasted twice ${secret}` }, homeDir: '/nonexistent' }), (err: unknown) => {
      errors.push(err);
      assert.ok(err instanceof VolcengineCredentialsError);
      assert.equal(err.problem, 'invalidCharacters');
      assert.ok(!err.message.includes(secret), 'the message names the field, not the value');
      return true;
    });
    assert.throws(() => normalizeStoredCredentials('   ', secret), (err: unknown) => { errors.push(err); return err instanceof VolcengineCredentialsError; });
    assert.equal(counter.since(from).length, 0, 'nothing was sent');
    return { requests: 0, shown: errors };
  });

  scenario('bad input: credentials', 'volcengine', 'an access key pair with a trailing newline is trimmed and works', async () => {
    const { accessKeyId, secretKey } = h.emu.credentials.volcengine;
    const resolved = await resolveVolcengineCredentials({ env: { VOLCENGINE_ACCESS_KEY: `${accessKeyId}\n`, VOLCENGINE_SECRET_KEY: `${secretKey}\r\n` }, homeDir: '/nonexistent' });
    assert.equal(resolved?.accessKeyId, accessKeyId);
    assert.equal(resolved?.secretKey, secretKey);
    const client = createVolcengineClient({ endpoint: h.emu.volcUrl, credentials: resolved ?? { accessKeyId: '', secretKey: '' } });
    const from = counter.count;
    try {
      const regions = await client.listRegions();
      assert.ok(regions.length > 0, 'the signature verifies');
    } finally {
      client.dispose();
    }
    assert.ok(counter.since(from).length > 0, 'the counter sees the requests the SDK sends');
    return { requests: counter.since(from).length };
  });

  scenario('bad input: credentials', 'azure', 'empty service-principal variables: refused before any request', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AZURE_TENANT_ID: '', AZURE_CLIENT_ID: '  ', AZURE_CLIENT_SECRET: '' });
    const from = counter.count;
    try {
      const credential = await createAzureCredential('environment');
      await assert.rejects(credential.getToken(`${h.emu.armUrl}/.default`), /EnvironmentCredential is unavailable|not set|AZURE_/);
    } finally {
      for (const k of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']) {
        if (saved[k] === undefined) Reflect.deleteProperty(process.env, k);
        else process.env[k] = saved[k];
      }
    }
    assert.equal(counter.since(from).length, 0, 'no request to any host');
    return { requests: 0 };
  });

  scenario('bad input: settings', 'both', 'invalid URLs, http to a remote host, unknown clouds, bad regions', async () => {
    const from = counter.count;
    const azureCases: Array<[Parameters<typeof resolveAzureEndpoint>[0], string]> = [
      [{ cloud: 'AzureMoon' }, 'UnknownCloud'],
      [{ cloud: '' }, 'UnknownCloud'],
      [{ cloud: 'Custom' }, 'MissingEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: '   ' }, 'MissingEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: 'not a url' }, 'InvalidEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: 'ftp://management.example' }, 'InvalidEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: 'javascript:alert(1)' }, 'InvalidEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: 'https://user:hunter2secret@management.example' }, 'InvalidEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: 'https://management.example/?x=1' }, 'InvalidEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: 'http://management.example' }, 'InsecureEndpoint'],
      [{ cloud: 'Custom', resourceManagerEndpoint: 'http://10.0.0.5:8080' }, 'InsecureEndpoint'],
    ];
    for (const [settings, code] of azureCases) {
      assert.throws(() => resolveAzureEndpoint(settings), (err: unknown) => {
        assert.ok(err instanceof AzureConfigurationError, JSON.stringify(settings));
        assert.equal(err.code, code, JSON.stringify(settings));
        assert.ok(!err.message.includes('hunter2secret'), 'a password in the URL is not echoed');
        return true;
      });
    }
    assert.equal(resolveAzureEndpoint({ cloud: 'Custom', resourceManagerEndpoint: 'http://127.0.0.1:9' }).endpoint, 'http://127.0.0.1:9', 'loopback http is allowed');
    const volcCases: Array<[string, string]> = [
      ['http://open.volcengineapi.example', 'insecureHttp'], ['not a host', 'invalidUrl'], ['ftp://x.example', 'unsupportedProtocol'],
      ['https://open.volcengineapi.com/some/path', 'unexpectedPath'], ['https://ak:sk@open.volcengineapi.com', 'credentialsInUrl'],
      ['https://open.volcengineapi.com/?Action=x', 'unexpectedPath'],
    ];
    for (const [value, problem] of volcCases) {
      assert.throws(() => parseVolcengineEndpoint(value), (err: unknown) => err instanceof VolcengineConfigError && err.problem === problem, value);
    }
    assert.throws(() => createVolcengineClient({ endpoint: 'http://attacker.example', credentials: h.emu.credentials.volcengine }), VolcengineConfigError);
    for (const region of ['../cn-beijing', 'CN_BEIJING', 'cn-beijing?x', '', 'cn beijing']) {
      await assert.rejects(h.volc.listInstances(region), (err: Error & { code?: string; problem?: string }) => err.problem === 'invalidRegion' || err.code === 'InvalidRegion' || /region/i.test(err.message), region);
    }
    assert.equal(counter.since(from).length, 0, 'no request for any of these');
    // A well-formed region that does not exist: one request to the configured endpoint, a clear error.
    const before = counter.count;
    await assert.rejects(h.volc.listInstances('cn-atlantis-9'), (err: Error & { code?: string }) => typeof err.code === 'string' && err.code.length > 0 && err.message.length > 0);
    assert.ok(counter.count > before, 'that one was sent');
    assert.ok(hostsSince(before).every((host) => host === new URL(h.emu.volcUrl).host));
    return { requests: counter.since(from).length };
  });

  scenario('bad input: ClientToken', 'volcengine', '64 ASCII characters accepted and sent as is; 65 and non-ASCII refused', async () => {
    const ok = `fp-${'a'.repeat(61)}`;
    assert.equal(validateClientToken(ok), ok);
    for (const bad of [`${ok}b`, 'fp-令牌', 'fp token', '']) assert.throws(() => validateClientToken(bad), ClientTokenError, bad);
    const id = 'i-gz01a0000000000016';
    h.emu.control.volcengine.setStatus(id, 'RUNNING');
    const m = h.mark();
    const good = await h.run('volcengine.stopInstance', h.volcTargets('cn-guangzhou', [id]), h.stopOptions({ clientToken: ok }));
    assert.equal(good.status, 'succeeded');
    const sent = h.since(m).filter((r) => r.query.Action === 'StopInstance');
    assert.deepEqual(sent.map((r) => r.query.ClientToken), [ok]);
    const from = counter.count;
    for (const bad of [`${ok}b`, 'fp-令牌']) {
      h.emu.control.volcengine.setStatus(id, 'RUNNING');
      const record = await h.run('volcengine.stopInstance', h.volcTargets('cn-guangzhou', [id]), h.stopOptions({ clientToken: bad }));
      assert.equal(record.status, 'failed');
      assert.equal(record.error?.code, 'InvalidClientToken');
    }
    assert.equal(counter.since(from).length, 0, 'a bad token is refused before sending');
    return { requests: sent.length };
  });

  scenario('bad input: empty selection', 'both', 'a selection that is empty after filtering sends nothing', async () => {
    const from = counter.count;
    const seq = h.mark();
    // Only deallocated instances chosen for power off: nothing valid is left, nothing is asked.
    const prompter = new QueuePrompter([]);
    const azureDeps = {
      prompter,
      source: {
        subscriptions: () => Promise.resolve([]), scaleSets: () => Promise.resolve([]),
        instances: () => Promise.resolve([uniformInstance('12', 'deallocated'), uniformInstance('13', 'deallocated')]),
        scaleSet: () => undefined,
      },
    };
    const power = await powerOffFlow({ kind: 'instances', instances: [uniformInstance('12', 'deallocated'), uniformInstance('13', 'deallocated')] }, azureDeps);
    assert.equal(power.outcome, 'nothingToDo');
    assert.match(power.outcome === 'nothingToDo' ? power.message : '', /Nothing was sent/);
    const scaleSet: ScaleSet = { ...uniformInstance('0', 'running').scaleSet, location: 'eastus', hibernationEnabled: false };
    const whole = await deallocateFlow({ kind: 'scaleSet', scaleSet }, azureDeps);
    assert.equal(whole.outcome, 'nothingToDo', 'a whole scale set with no valid instance sends nothing');
    // The palette path where the user unticks everything.
    const palette = new QueuePrompter([{ pickMany: [] }]);
    const ecs = (instanceId: string, status: EcsInstance['status']): EcsInstance => ({ instanceId, name: instanceId, regionId: 'cn-beijing', zoneId: 'cn-beijing-a', status, instanceTypeId: 'ecs.g3i.large', chargeType: 'PostPaid' });
    const none = await stopInstanceFlow({ kind: 'none' }, {
      prompter: palette,
      source: { regions: () => Promise.resolve([{ regionId: 'cn-beijing' }]), instances: () => Promise.resolve([ecs('i-a', 'RUNNING'), ecs('i-b', 'STOPPED')]) },
    });
    assert.equal(none.outcome, 'nothingToDo');
    const stopped = await stopInstanceFlow({ kind: 'instances', instances: [ecs('i-b', 'STOPPED')] }, { prompter: new QueuePrompter([]), source: { regions: () => Promise.resolve([]), instances: () => Promise.resolve([]) } });
    assert.equal(stopped.outcome, 'nothingToDo');
    assert.equal(prompter.asked.length, 0, 'no question asked when nothing can be done');
    // And the engine refuses an empty list outright.
    const engine = h.newEngine();
    assert.throws(() => engine.start({ kind: 'azure.deallocate', targets: [], options: { hibernate: false } }), EmptySelectionError);
    assert.throws(() => engine.start({ kind: 'volcengine.stopInstance', targets: [], options: h.stopOptions() }), EmptySelectionError);
    engine.dispose();
    assert.equal(counter.since(from).length, 0, 'no request to any host');
    assert.equal(h.since(seq).length, 0, 'the emulator saw nothing');
    return { requests: 0 };
  });
});
