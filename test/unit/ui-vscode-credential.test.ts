/**
 * The VS Code account credential: a session per tenant (`VSCODE_TENANT:`), silent only; a
 * tenant without a silent session is "sign in required"; a claims challenge leads to one
 * interactive sign-in, with the challenge where VS Code accepts it, else a new session.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type AccountAuthentication, type AccountSession, AuthenticationRequiredError, authProviderFor, type ChallengeRequest,
  claimsChallenge, type SessionOptions, tenantScopes, VsCodeAccountCredential, vscodeVersionAtLeast,
} from '../../src/ui/auth/vscodeCredential';
import { cachingCredential } from '../../src/cloud/azure/tokenCache';

const SCOPE = 'https://management.azure.com/.default';
const CLAIMS = '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';

interface Asked { providerId: string; scopes: readonly string[] | ChallengeRequest; options: SessionOptions }

/** VS Code's authentication as the provider would answer: sessions per tenant; `interactiveOnly` tenants give none silently. */
class FakeAuthentication implements AccountAuthentication {
  readonly asked: Asked[] = [];
  readonly interactiveOnly = new Set<string>();
  cancel = false;
  constructor(readonly acceptsChallenges: boolean) {}

  getSession(providerId: string, scopes: readonly string[] | ChallengeRequest, options: SessionOptions): Promise<AccountSession | undefined> {
    this.asked.push({ providerId, scopes, options });
    const list: readonly string[] = 'fallbackScopes' in scopes ? scopes.fallbackScopes : scopes;
    const tenant = list.find((s) => s.startsWith('VSCODE_TENANT:'))?.slice('VSCODE_TENANT:'.length) ?? 'home';
    const interactive = options.createIfNone === true || options.forceNewSession !== undefined;
    if (interactive && this.cancel) return Promise.reject(new Error('User did not consent to login.'));
    if (!interactive && this.interactiveOnly.has(tenant)) return Promise.resolve(undefined);
    return Promise.resolve({ accessToken: `token-${tenant}${interactive ? '-mfa' : ''}`, account: { id: 'alex', label: 'alex@contoso.onmicrosoft.com' } });
  }
}

void describe('VsCodeAccountCredential', () => {
  void test('asks silently for the ARM scope plus VSCODE_TENANT of the tenant the SDK names', async () => {
    const auth = new FakeAuthentication(false);
    const credential = new VsCodeAccountCredential(auth, 'AzureCloud', SCOPE, 'sign in again');
    assert.equal((await credential.getToken(SCOPE, { tenantId: 'fabrikam' }))?.token, 'token-fabrikam');
    assert.equal((await credential.getToken(SCOPE))?.token, 'token-home');
    assert.deepEqual(auth.asked.map((a) => [a.providerId, a.scopes, a.options]), [
      ['microsoft', [SCOPE, 'VSCODE_TENANT:fabrikam'], { silent: true }],
      ['microsoft', [SCOPE], { silent: true }],
    ]);
  });

  void test('a tenant without a silent session throws AuthenticationRequiredError, and no prompt is shown', async () => {
    const auth = new FakeAuthentication(true);
    auth.interactiveOnly.add('northwind');
    const credential = new VsCodeAccountCredential(auth, 'AzureCloud', SCOPE, 'sign in again');
    await assert.rejects(credential.getToken(SCOPE, { tenantId: 'northwind' }), (e: unknown) => e instanceof AuthenticationRequiredError && e.name === 'AuthenticationRequiredError' && e.tenantId === 'northwind');
    assert.ok(auth.asked.every((a) => a.options.silent === true));
  });

  void test('a claims challenge goes to VS Code as the challenge itself where it accepts one (1.105+)', async () => {
    const auth = new FakeAuthentication(true);
    const credential = new VsCodeAccountCredential(auth, 'AzureCloud', SCOPE, 'sign in again');
    assert.equal((await credential.getToken(SCOPE, { tenantId: 'contoso', claims: CLAIMS }))?.token, 'token-contoso-mfa');
    const [asked] = auth.asked;
    assert.deepEqual(asked?.options, { createIfNone: true });
    const request = asked?.scopes as ChallengeRequest;
    assert.deepEqual(request.fallbackScopes, [SCOPE, 'VSCODE_TENANT:contoso']);
    assert.equal(request.wwwAuthenticate, claimsChallenge('AzureCloud', 'contoso', CLAIMS));
    assert.match(request.wwwAuthenticate, /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/contoso", error="insufficient_claims", claims="[A-Za-z0-9+/=]+"$/);
    assert.equal(Buffer.from(/claims="([^"]+)"/.exec(request.wwwAuthenticate)?.[1] ?? '', 'base64').toString('utf8'), CLAIMS);
  });

  void test('an older VS Code asks for a new session for that tenant instead, with the reason in the dialog', async () => {
    const auth = new FakeAuthentication(false);
    const credential = new VsCodeAccountCredential(auth, 'AzureChinaCloud', 'https://management.chinacloudapi.cn/.default', 'Azure asks for MFA');
    assert.equal((await credential.getToken('x', { tenantId: 'contoso', claims: CLAIMS }))?.token, 'token-contoso-mfa');
    assert.deepEqual(auth.asked.map((a) => [a.providerId, a.scopes, a.options]), [
      ['microsoft-sovereign-cloud', ['https://management.chinacloudapi.cn/.default', 'VSCODE_TENANT:contoso'], { forceNewSession: { detail: 'Azure asks for MFA' } }],
    ]);
  });

  void test('a cancelled re-sign-in is an AuthenticationRequiredError naming what happened', async () => {
    const auth = new FakeAuthentication(false);
    auth.cancel = true;
    const credential = new VsCodeAccountCredential(auth, 'AzureCloud', SCOPE, 'again');
    await assert.rejects(credential.getToken(SCOPE, { tenantId: 'contoso', claims: CLAIMS }), /Signing in again did not complete: User did not consent to login\./);
  });

  void test('behind the token cache, several requests meeting one challenge lead to one re-sign-in', async () => {
    const auth = new FakeAuthentication(false);
    const cached = cachingCredential(new VsCodeAccountCredential(auth, 'AzureCloud', SCOPE, 'again'));
    await Promise.all([1, 2, 3].map(() => cached.getToken(SCOPE, { tenantId: 'contoso', claims: CLAIMS })));
    assert.equal(auth.asked.filter((a) => a.options.forceNewSession !== undefined).length, 1);
  });
});

void describe('scopes and providers', () => {
  void test('tenant scopes, the sovereign-cloud provider and the challenge-capable version check', () => {
    assert.deepEqual(tenantScopes(SCOPE), [SCOPE]);
    assert.deepEqual(tenantScopes(SCOPE, 't1'), [SCOPE, 'VSCODE_TENANT:t1']);
    assert.equal(authProviderFor('AzureCloud'), 'microsoft');
    for (const cloud of ['AzureChinaCloud', 'AzureUSGovernment', 'Custom'] as const) assert.equal(authProviderFor(cloud), 'microsoft-sovereign-cloud');
    assert.match(claimsChallenge('AzureUSGovernment', undefined, CLAIMS), /authorization_uri="https:\/\/login\.microsoftonline\.us\/organizations"/);
    assert.equal(vscodeVersionAtLeast('1.100.3', 1, 105), false);
    assert.equal(vscodeVersionAtLeast('1.105.0-insider', 1, 105), true);
    assert.equal(vscodeVersionAtLeast('2.0.0', 1, 105), true);
  });
});
