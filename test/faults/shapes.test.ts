/**
 * Unexpected shapes: well-formed JSON that is not what the API promises (a list that is an
 * object, ids that are numbers, null results, an HTML error page with status 200). The emulator
 * answers faithfully, so a small HTTPS server with the emulator's certificate plays the broken
 * cloud here. Every case must end in a clear error or a safely skipped item: no crash, no
 * unhandled rejection.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ensureCertificates } from '../../emulator/src/index';
import { createAzureFleetClient, type AzureFleetClient } from '../../src/cloud/azure/index';
import { createVolcengineClient, type VolcengineClient } from '../../src/cloud/volcengine/index';
import type { ScaleSetRef } from '../../src/fleet/model';
import { scenario, useProbe } from './support/results';

const SUB = '3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f';
const SCALE_SET: ScaleSetRef = {
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss`,
  name: 'vmss', subscriptionId: SUB, resourceGroup: 'rg', orchestrationMode: 'Uniform',
};

/** The next body the server answers with (status 200 unless given). */
let next: { status?: number; type?: string; body: string } = { body: '{}' };
let served = 0;
let server: Server;
let url = '';
let azure: AzureFleetClient;
let volc: VolcengineClient;
const unhandled: unknown[] = [];
/** The made-up credentials this file hands both clients: the canary of its scenarios. */
const SHAPE_CREDENTIALS = { token: 'shape-test-token-0001', accessKeyId: 'AKLTshapeTest0001', secretKey: 'shapeTestSecret0001' };
/** Nothing here acts: no duplicates can be measured; everything a scenario shows is returned as `shown`. */
useProbe({
  begin: () => undefined,
  duplicates: () => undefined,
  texts: () => [],
  canaries: () => Promise.resolve(Object.values(SHAPE_CREDENTIALS)),
});
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  const certs = ensureCertificates();
  server = createServer({ cert: certs.cert, key: certs.key }, (req, res) => {
    served++;
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status ?? 200, { 'Content-Type': next.type ?? 'application/json', 'x-ms-request-id': `req-${served}` });
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  azure = createAzureFleetClient({
    endpoint: url, scope: `${url}/.default`, maxRetries: 0,
    credential: { getToken: () => Promise.resolve({ token: SHAPE_CREDENTIALS.token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
  });
  volc = createVolcengineClient({ endpoint: url, credentials: { accessKeyId: SHAPE_CREDENTIALS.accessKeyId, secretKey: SHAPE_CREDENTIALS.secretKey }, retry: { maxAttempts: 1 } });
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  volc.dispose();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const AZURE_SHAPES: Record<string, string> = {
  'value is an object': '{"value": {"id": "x"}}',
  'ids are numbers': '{"value": [{"id": 42, "instanceId": 7, "instanceView": "running"}]}',
  'top-level array': '[1, 2, 3]',
  'null body': 'null',
  'statuses not a list': `{"value": [{"id": "${SCALE_SET.id}/virtualMachines/0", "instanceId": "0", "instanceView": {"statuses": "PowerState/running"}}]}`,
};

const VOLC_SHAPES: Record<string, string> = {
  'Instances is a string': '{"ResponseMetadata": {"RequestId": "r1"}, "Result": {"Instances": "none"}}',
  'Result is a list': '{"ResponseMetadata": {"RequestId": "r2"}, "Result": []}',
  'no ResponseMetadata': '{"Result": {"Instances": []}}',
  'instance without an id': '{"ResponseMetadata": {"RequestId": "r3"}, "Result": {"Instances": [{"Status": 7}, 5, null]}}',
  'Error is a string': '{"ResponseMetadata": {"RequestId": "r4", "Error": "boom"}, "Result": {}}',
};

void describe('unexpected shapes', () => {
  for (const [name, body] of Object.entries(AZURE_SHAPES)) {
    scenario('malformed JSON', 'azure', `unexpected shape on list: ${name}`, async () => {
      next = { body };
      const before = served;
      const [result] = await azure.listInstancesOf([SCALE_SET]);
      assert.ok(result, 'a settled result, never a throw');
      if (result.error) {
        assert.ok(result.error.code.length > 0 && result.error.message.length > 0, JSON.stringify(result.error));
      } else {
        for (const i of result.items ?? []) {
          assert.equal(typeof i.id, 'string');
          assert.equal(typeof i.instanceId, 'string');
          assert.equal(typeof i.name, 'string');
          assert.ok(['running', 'stopped', 'deallocated', 'hibernated', 'starting', 'stopping', 'deallocating', 'unknown'].includes(i.powerState));
        }
      }
      assert.deepEqual(unhandled, []);
      return { requests: served - before, shown: [result] };
    });
  }

  for (const [name, body] of Object.entries(VOLC_SHAPES)) {
    scenario('malformed JSON', 'volcengine', `unexpected shape on DescribeInstances: ${name}`, async () => {
      next = { body };
      const before = served;
      let outcome: unknown;
      try {
        const list = await volc.listInstances('cn-beijing');
        outcome = list;
        for (const i of list) assert.equal(typeof i.instanceId, 'string', 'items without an id are skipped');
      } catch (err) {
        outcome = err;
        const e = err as Error & { code?: string };
        assert.ok(e.code && e.code.length > 0, `a coded error: ${e.message}`);
        assert.ok(e.message.length > 0);
      }
      assert.deepEqual(unhandled, []);
      return { requests: served - before, shown: [outcome] };
    });
  }

  scenario('malformed JSON', 'both', 'an HTML error page with status 200 from both endpoints', async () => {
    next = { body: '<html><body>Gateway says hello</body></html>', type: 'text/html' };
    const before = served;
    const [result] = await azure.listInstancesOf([SCALE_SET]);
    assert.ok(result?.error ?? (result?.items?.length === 0), JSON.stringify(result));
    let thrown: unknown;
    await assert.rejects(volc.listInstances('cn-beijing'), (err: Error & { code?: string }) => { thrown = err; return err.code === 'MalformedResponse'; });
    assert.deepEqual(unhandled, []);
    return { requests: served - before, shown: [result, thrown] };
  });
});
