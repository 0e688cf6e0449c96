/**
 * Volcengine session (STS) credentials that expire in the middle of an operation: the session
 * token is read again from its source (here a ve CLI profile that was refreshed meanwhile) and
 * the wait continues; when the source has nothing newer (an environment variable), the message
 * says which credential expired.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventsOf, startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';
import { createVolcengineClient, createVolcengineProvider, resolveVolcengineCredentials } from '../../src/cloud/volcengine/index';
import { InMemoryJournal, OperationEngine, type CloudErrorInfo } from '../../src/fleet/index';
import { describeCloudError } from '../../src/ui/errorMessages';
import { sessionTokenSource } from '../../src/ui/sessionTokenSource';

let h: FleetHarness;
const home = mkdtempSync(join(tmpdir(), 'fleet-sts-'));
const issued: string[] = [];

before(async () => {
  h = await startFleet({ transitionMs: 2500 });
  useProbe(h.probe({ canaries: () => issued }));
});

after(async () => {
  await h.stop();
  rmSync(home, { recursive: true, force: true });
});

function issue(lifetimeMs: number): { accessKeyId: string; secretKey: string; sessionToken: string } {
  const session = h.emu.volcengine.issueSessionCredentials(lifetimeMs);
  issued.push(session.accessKeyId, session.secretKey, session.sessionToken);
  return session;
}

/** What `ve configure` (or an STS refresh) leaves in ~/.volcengine/config.json. */
function writeProfile(session: { accessKeyId: string; secretKey: string; sessionToken: string }): void {
  mkdirSync(join(home, '.volcengine'), { recursive: true });
  writeFileSync(join(home, '.volcengine', 'config.json'), JSON.stringify({
    current: 'default',
    profiles: { default: { name: 'default', mode: 'ak', 'access-key': session.accessKeyId, 'secret-key': session.secretKey, 'session-token': session.sessionToken, region: 'cn-beijing' } },
  }));
}

void describe('Volcengine session token expiry', () => {
  scenario('STS session token expiry', 'volcengine', 'expires while waiting for a stop: read again from the refreshed ve profile, the wait continues, one stop', async () => {
    const id = 'i-bj01a0000000000002';
    h.emu.control.volcengine.setStatus(id, 'RUNNING');
    writeProfile(issue(900));
    const credentials = await resolveVolcengineCredentials({ env: {}, homeDir: home });
    assert.ok(credentials?.sessionToken, 'the profile carries a session token');
    const client = createVolcengineClient({
      endpoint: h.emu.volcUrl, credentials, credentialSource: sessionTokenSource(credentials),
      reloadCredentials: () => resolveVolcengineCredentials({ env: {}, homeDir: home }),
    });
    const engine = new OperationEngine({ providers: [createVolcengineProvider(() => client, { pollIntervalMs: 200, maxWaitMs: 20_000 })], journal: new InMemoryJournal() });
    h.track(engine);
    // The session is refreshed (as `ve` would) shortly after it expired.
    const refresh = setTimeout(() => writeProfile(issue(60_000)), 1300);
    const m = h.mark();
    const record = await engine.start({ kind: 'volcengine.stopInstance', targets: h.volcTargets('cn-beijing', [id]), options: h.stopOptions() }).done;
    clearTimeout(refresh);
    engine.dispose();
    client.dispose();
    h.records.push(record);
    const sent = h.since(m);
    assert.ok(sent.some((r) => r.status === 401), 'Volcengine refused the expired token');
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    assert.equal(record.results[id]?.finalState, 'STOPPED');
    assert.ok(eventsOf(record, 'retrying').some((e) => /session token expired/.test(e.reason)), 'the renewal is reported');
    assert.equal(sent.filter((r) => r.query.Action === 'StopInstance').length, 1, 'the stop was sent once');
    return { requests: sent.length, shown: [record] };
  });

  scenario('STS session token expiry', 'volcengine', 'expired and nothing newer at its source: the message names the credential that expired', async () => {
    const session = issue(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const env = { VOLCENGINE_ACCESS_KEY: session.accessKeyId, VOLCENGINE_SECRET_KEY: session.secretKey, VOLCENGINE_SESSION_TOKEN: session.sessionToken };
    const credentials = await resolveVolcengineCredentials({ env, homeDir: '/nonexistent' });
    assert.ok(credentials);
    const client = createVolcengineClient({
      endpoint: h.emu.volcUrl, credentials, credentialSource: sessionTokenSource(credentials), retry: { maxAttempts: 1 },
      reloadCredentials: () => resolveVolcengineCredentials({ env, homeDir: '/nonexistent' }),
    });
    const m = h.mark();
    const error = await client.listRegions().then(() => undefined, (e: unknown) => (e as { info: CloudErrorInfo }).info);
    client.dispose();
    assert.equal(error?.code, 'SessionTokenExpired');
    assert.equal(error?.category, 'authentication');
    const shown = describeCloudError('list', error ?? { cloud: 'volcengine', code: '', message: '', category: 'unknown' }, 'regions');
    assert.match(shown.message, /session token from the VOLCENGINE_SESSION_TOKEN environment variable has expired/);
    assert.match(shown.message, /Get new temporary credentials/);
    assert.equal(shown.guidance, 'setCredentials');
    return { requests: h.since(m).length, shown: [shown.message, error] };
  });
});
