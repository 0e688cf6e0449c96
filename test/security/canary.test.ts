/**
 * Secret canary: the Azure and Volcengine paths (list, every operation and option, errors
 * including 401 and signature refusals) run with recognisable credentials, and none of them may
 * appear in an output line, a message shown to the user, an error, the journal or a setting.
 *
 * Canaries: the Volcengine key pair the emulator accepts (random, unique), a Volcengine canary
 * pair it refuses (InvalidAccessKey / SignatureDoesNotMatch), the managed-identity secret, every
 * ARM token the process obtained, a canary ARM token that ARM refuses (401), and a canary
 * AZURE_CLIENT_SECRET in the environment.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { countLeaks, persistedTexts, startFleet, type FleetHarness } from '../faults/support/fleet';
import { scenario, useProbe } from '../faults/support/results';
import { createAzureFleetClient, createAzureProvider } from '../../src/cloud/azure/index';
import { createVolcengineClient, describeSource, resolveVolcengineCredentials, type VolcengineClient } from '../../src/cloud/volcengine/index';
import { InMemoryJournal, OperationEngine, type CloudErrorInfo, type OperationRecord } from '../../src/fleet/index';
import { describeCloudError } from '../../src/ui/errorMessages';
import { formatCloudError, formatEvent, formatRecordLog } from '../../src/ui/outputFormat';
import { SecretMask } from '../../src/fleet/redact';

const CANARY_VOLC = { accessKeyId: 'AKLTCANARYvolcKeyIdDoNotLeak01', secretKey: 'CANARYvolcSecretDoNotLeakQmFzZTY0PT0=' };
const CANARY_ARM_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJDQU5BUlkiOiJhcm0tdG9rZW4ifQ.CANARYarmTokenSignatureDoNotLeak';
const CANARY_CLIENT_SECRET = 'CANARYazureClientSecretDoNotLeak~01';

let h: FleetHarness;
/** Every ARM token handed to the SDK during this file (the emulator's real ones). */
const issuedTokens = new Set<string>();
const clients: VolcengineClient[] = [];

class RecordingCredential implements TokenCredential {
  constructor(private readonly inner: TokenCredential) {}
  async getToken(scopes: string | string[]): Promise<AccessToken | null> {
    const token = await this.inner.getToken(scopes);
    if (token) issuedTokens.add(token.token);
    return token;
  }
}

before(async () => {
  process.env.AZURE_CLIENT_SECRET = CANARY_CLIENT_SECRET;
  h = await startFleet();
  useProbe(h.probe({ canaries }));
});

after(async () => {
  Reflect.deleteProperty(process.env, 'AZURE_CLIENT_SECRET');
  for (const c of clients) c.dispose();
  await h.stop();
});

function canaries(): string[] {
  return [
    h.emu.credentials.volcengine.accessKeyId, h.emu.credentials.volcengine.secretKey, h.emu.credentials.azure.msiSecret,
    CANARY_VOLC.accessKeyId, CANARY_VOLC.secretKey, CANARY_ARM_TOKEN, CANARY_CLIENT_SECRET,
    ...[...issuedTokens].flatMap((t) => [t, t.split('.')[2] ?? '']),
  ].filter((s) => s.length >= 8);
}

/** Renders what the extension would show for an error: the message, the output lines, the log. */
function showError(kind: Parameters<typeof describeCloudError>[0], error: CloudErrorInfo): void {
  h.shown.push(describeCloudError(kind, error).message, ...formatCloudError(error));
}

function showRecord(record: OperationRecord): void {
  h.shown.push(formatRecordLog(record), JSON.stringify(record));
  for (const e of record.events) h.shown.push(...formatEvent(record, e).map((l) => l.text));
  if (record.error) showError(record.kind, record.error);
}

function leaked(): number {
  return countLeaks([...h.shown, ...persistedTexts(h)], canaries());
}

function azureClientWith(credential: TokenCredential): ReturnType<typeof createAzureFleetClient> {
  return createAzureFleetClient({ endpoint: h.emu.armUrl, scope: `${h.emu.armUrl}/.default`, credential, pollIntervalMs: 20 });
}

void describe('secret canary', () => {
  scenario('secret canary', 'azure', 'list, every operation and option, LRO failure: no token or secret anywhere', async () => {
    const azure = azureClientWith(new RecordingCredential(h.credential));
    const journal = new InMemoryJournal();
    h.journals.push(journal);
    const m = h.mark();
    const subs = await azure.listSubscriptions();
    h.shown.push(JSON.stringify(subs));
    const sets = (await azure.listScaleSetsOf(subs.map((s) => s.subscriptionId))).flatMap((l) => l.items ?? []);
    const lists = await azure.listInstancesOf(sets);
    h.shown.push(JSON.stringify(lists));
    for (const l of lists) if (l.error) showError('list', l.error);
    const vm = (set: string, id: string) => {
      const i = lists.find((l) => l.source.name === set)?.items?.find((x) => x.instanceId === id);
      assert.ok(i, `${set}/${id}`);
      h.emu.control.azure.setPowerState(i.id, 'running');
      return { id: i.id, label: `${set}/${id}`, scope: i.scaleSet.id };
    };
    h.emu.control.azure.setMaintenanceEligible('vmss-api_4f1c2a9e', true);
    const runs: Parameters<OperationEngine['start']>[0][] = [
      { kind: 'azure.powerOff', targets: [vm('vmss-web', '0')], options: { skipShutdown: false } },
      { kind: 'azure.powerOff', targets: [vm('vmss-web', '1'), vm('vmss-web', '2')], options: { skipShutdown: true } },
      { kind: 'azure.deallocate', targets: [vm('vmss-api', 'vmss-api_7b3d5e10')], options: { hibernate: true } },
      { kind: 'azure.deallocate', targets: [vm('vmss-dev', '0')], options: { hibernate: false } },
      { kind: 'azure.performMaintenance', targets: [vm('vmss-api', 'vmss-api_4f1c2a9e')], options: {} },
      { kind: 'azure.performMaintenance', targets: [vm('vmss-web', '4')], options: {} }, // not eligible: a refusal
    ];
    h.emu.inject({ kind: 'lroFail', service: 'arm', route: /\/deallocate$/ });
    const engineWithListener = new OperationEngine({ providers: [createAzureProvider(azure, { pollIntervalMs: 20 })], journal });
    h.track(engineWithListener);
    engineWithListener.onDidChange((record, event) => { h.shown.push(...formatEvent(record, event).map((l) => l.text)); });
    for (const request of runs) {
      const record = await engineWithListener.start(request).done;
      showRecord(record);
    }
    await engineWithListener.flush();
    engineWithListener.dispose();
    assert.ok(issuedTokens.size >= 1, 'real tokens were issued and are part of the canary');
    const n = leaked();
    assert.equal(n, 0, 'no canary in any output, message, record or journal');
    return { requests: h.since(m).length };
  });

  scenario('secret canary', 'azure', '401 with a refused token: the error names the problem, not the token', async () => {
    const canaryCredential: TokenCredential = { getToken: () => Promise.resolve({ token: CANARY_ARM_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const azure = azureClientWith(canaryCredential);
    const m = h.mark();
    let error: CloudErrorInfo | undefined;
    try {
      await azure.listSubscriptions();
    } catch (err) {
      error = azure.toCloudError(err, 'subscriptions');
      h.shown.push(String(err), (err as Error).message, (err as Error).stack ?? '', JSON.stringify(err, Object.getOwnPropertyNames(err)));
    }
    assert.ok(error, 'the list is refused');
    assert.equal(error.httpStatus, 401);
    assert.equal(error.category, 'authentication');
    showError('list', error);
    assert.equal(describeCloudError('list', error).guidance, 'signIn');
    const refusedEngine = new OperationEngine({ providers: [createAzureProvider(azure, { pollIntervalMs: 20 })], journal: new InMemoryJournal() });
    h.track(refusedEngine);
    const record = await refusedEngine.start({ kind: 'azure.powerOff', targets: await h.azureTargets('vmss-web', ['5']), options: { skipShutdown: false } }).done;
    assert.equal(record.error?.httpStatus, 401);
    showRecord(record);
    const n = leaked();
    assert.equal(n, 0);
    return { requests: h.since(m).length };
  });

  scenario('secret canary', 'volcengine', 'list, stop with every option, DryRun, batch refusals: no key anywhere', async () => {
    const m = h.mark();
    const regions = await h.volc.listRegions();
    h.shown.push(JSON.stringify(regions));
    for (const r of regions) h.shown.push(JSON.stringify(await h.volc.listInstances(r.regionId)));
    const ids = ['i-bj01a0000000000001', 'i-bj01a0000000000002', 'i-bj02b0000000000007', 'i-gz01a0000000000015', 'i-gz02b0000000000019'];
    const reset = (): void => { for (const id of ids) h.emu.control.volcengine.setStatus(id, 'RUNNING'); };
    const combos = [
      { forceStop: false, stoppedMode: 'KeepCharging' as const, dryRun: false },
      { forceStop: true, stoppedMode: 'StopCharging' as const, dryRun: false },
      { forceStop: false, stoppedMode: 'StopCharging' as const, dryRun: true },
    ];
    for (const o of combos) {
      reset();
      showRecord(await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', ids.slice(0, 3)), h.stopOptions(o)));
      reset();
      showRecord(await h.run('volcengine.stopInstance', h.volcTargets('cn-guangzhou', ids.slice(3, 4)), h.stopOptions(o)));
    }
    // Refusals: a locked instance, a prepaid one with StopCharging, one that does not exist.
    reset();
    showRecord(await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', ['i-bj02b0000000000006', 'i-bj01a0000000000004', 'i-nothere0000000001']), h.stopOptions({ stoppedMode: 'StopCharging' })));
    const n = leaked();
    assert.equal(n, 0);
    return { requests: h.since(m).length };
  });

  scenario('secret canary', 'volcengine', 'InvalidAccessKey and SignatureDoesNotMatch with a canary key pair', async () => {
    const m = h.mark();
    const wrongKey = createVolcengineClient({ endpoint: h.emu.volcUrl, credentials: CANARY_VOLC });
    const wrongSecret = createVolcengineClient({ endpoint: h.emu.volcUrl, credentials: { accessKeyId: h.emu.credentials.volcengine.accessKeyId, secretKey: CANARY_VOLC.secretKey } });
    clients.push(wrongKey, wrongSecret);
    const codes: string[] = [];
    for (const client of [wrongKey, wrongSecret]) {
      try {
        await client.listRegions();
        assert.fail('the emulator must refuse these keys');
      } catch (err) {
        const e = err as Error & { code?: string; info?: CloudErrorInfo };
        codes.push(e.code ?? '');
        h.shown.push(String(err), e.message, e.stack ?? '', JSON.stringify(e.info ?? {}));
        if (e.info) showError('list', e.info);
      }
    }
    assert.deepEqual(codes, ['InvalidAccessKey', 'SignatureDoesNotMatch']);
    // Through the driver too: the stop is refused and the record carries the code only.
    const engine = new OperationEngine({ providers: [(await import('../../src/cloud/volcengine/index')).createVolcengineProvider(() => wrongKey, { pollIntervalMs: 10 })], journal: new InMemoryJournal() });
    h.track(engine);
    const record = await engine.start({ kind: 'volcengine.stopInstance', targets: h.volcTargets('cn-beijing', ['i-bj01a0000000000001']), options: h.stopOptions() }).done;
    engine.dispose();
    assert.equal(record.error?.code, 'InvalidAccessKey');
    assert.equal(describeCloudError('volcengine.stopInstance', record.error ?? { cloud: 'volcengine', code: '', message: '', category: 'unknown' }).guidance, 'setCredentials');
    showRecord(record);
    // What the tree tooltip says about the key: the source and a masked id, never the secret.
    const resolved = await resolveVolcengineCredentials({ env: { VOLCENGINE_ACCESS_KEY: CANARY_VOLC.accessKeyId, VOLCENGINE_SECRET_KEY: CANARY_VOLC.secretKey }, homeDir: '/nonexistent' });
    assert.ok(resolved);
    h.shown.push(describeSource(resolved));
    const n = leaked();
    assert.equal(n, 0);
    return { requests: h.since(m).length };
  });

  scenario('secret canary', 'both', 'the output mask and the settings: nothing that could hold a secret', () => {
    // The channel masks every line as a second line of defence; it must catch the canaries too.
    const mask = new SecretMask();
    for (const c of canaries()) mask.register(c);
    for (const c of canaries()) assert.ok(!mask.mask(`before ${c} after`).includes(c));
    // No contributed setting can hold a credential, so none can be written to settings.json.
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const keys = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(keys.length > 0);
    for (const k of keys) assert.doesNotMatch(k, /secret|password|token|accessKey|credential/i, k);
    assert.equal(countLeaks(keys, canaries()), 0);
    assert.equal(countLeaks([`planted ${CANARY_VOLC.secretKey}`], canaries()), 1, 'the leak check itself finds a planted canary');
    return { requests: 0, shown: keys };
  });
});
