/**
 * Session (STS) credentials on the Volcengine surface, through the real @volcengine/openapi
 * Service (which signs X-Security-Token): accepted while valid, refused with
 * InvalidSecurityToken once expired, without the token, or with another session's token.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Service } from '@volcengine/openapi';
import { startEmulator, type Emulator } from '../src/index';

interface Answer { ResponseMetadata: { Error?: { Code: string; Message: string } }; Result?: { Regions?: unknown[] } }

void describe('Volcengine session credentials', () => {
  let emu: Emulator;
  let now = Date.now();
  before(async () => { emu = await startEmulator({ now: () => now }); });
  after(async () => { await emu.stop(); });

  const regions = async (creds: { accessKeyId: string; secretKey: string; sessionToken?: string }): Promise<Answer> => {
    const svc = new Service({
      serviceName: 'ecs', defaultVersion: '2020-04-01', region: 'cn-beijing', host: new URL(emu.volcUrl).host, protocol: 'https:',
      accessKeyId: creds.accessKeyId, secretKey: creds.secretKey, ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
    });
    return (await svc.createAPI<Record<string, string>, Record<string, unknown>>('DescribeRegions', { method: 'GET' })({})) as Answer;
  };

  void test('valid until it expires, then InvalidSecurityToken; without or with a wrong token: refused', async () => {
    const session = emu.volcengine.issueSessionCredentials(60_000);
    assert.match(session.accessKeyId, /^AKTP/);
    const ok = await regions(session);
    assert.equal(ok.ResponseMetadata.Error, undefined);
    assert.ok((ok.Result?.Regions?.length ?? 0) > 0);
    const noToken = await regions({ accessKeyId: session.accessKeyId, secretKey: session.secretKey });
    assert.equal(noToken.ResponseMetadata.Error?.Code, 'InvalidSecurityToken');
    const other = emu.volcengine.issueSessionCredentials(60_000);
    const wrongToken = await regions({ ...session, sessionToken: other.sessionToken });
    assert.equal(wrongToken.ResponseMetadata.Error?.Code, 'InvalidSecurityToken');
    now += 60_001;
    const expired = await regions(session);
    assert.equal(expired.ResponseMetadata.Error?.Code, 'InvalidSecurityToken');
    assert.match(expired.ResponseMetadata.Error?.Message ?? '', /expired/);
    assert.equal((await regions(emu.credentials.volcengine)).ResponseMetadata.Error, undefined, 'the long-lived pair is unaffected');
  });
});
