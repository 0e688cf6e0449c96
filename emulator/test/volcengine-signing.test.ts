import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalRequest, stringToSign, signature, verify, canonicalQuery, parseAuthorization, uriEncode } from '../src/volcengine/index';
import { EMPTY_BODY_SHA256, sha256Hex, type SignableRequest } from '../src/volcengine/signing';
import { parseQuery } from '../src/volcengine/params';

// Known-answer vectors from reference/volcengine-ecs.md ("Known-answer vectors").
const SK = 'SECRETEXAMPLEKEY==';
const X_DATE = '20240102T030405Z';
const scope = { date: '20240102', region: 'cn-beijing', service: 'ecs' };

function sign(req: SignableRequest): string {
  return signature(SK, scope, stringToSign(X_DATE, scope, canonicalRequest(req)));
}

void describe('Volcengine signing known-answer vectors', () => {
  void test('V1: Node SDK GET, SignedHeaders=x-date', () => {
    const req: SignableRequest = {
      method: 'GET', path: '/',
      query: parseQuery('?Action=DescribeInstances&InstanceIds.1=i-abc&InstanceIds.2=i-def&MaxResults=10&Version=2020-04-01'),
      headers: { 'x-date': X_DATE }, signedHeaders: ['x-date'], body: '',
    };
    assert.equal(canonicalRequest(req),
      `GET\n/\nAction=DescribeInstances&InstanceIds.1=i-abc&InstanceIds.2=i-def&MaxResults=10&Version=2020-04-01\nx-date:${X_DATE}\n\nx-date\n${EMPTY_BODY_SHA256}`);
    assert.equal(sign(req), '8ff4b9c5a5c8ca03e506a0c1eaa219a5459ca17b0f99252fbaf3deba15d52805');
  });

  void test('V2: Node SDK POST JSON, SignedHeaders=x-content-sha256;x-date', () => {
    const body = '{"InstanceIds":["i-abc"],"ForceStop":true}';
    assert.equal(sha256Hex(body), '511bf393cd504b58cb5e06ce1dffb8f30ca69c8fbf32609754fc927f6d97909e');
    const req: SignableRequest = {
      method: 'POST', path: '/',
      query: parseQuery('Action=StopInstances&Version=2020-04-01'),
      headers: { 'x-date': X_DATE, 'x-content-sha256': sha256Hex(body) },
      signedHeaders: ['x-content-sha256', 'x-date'], body: Buffer.from(body),
    };
    assert.equal(sign(req), '1d96b170388ca08751cb701400dec993b54e0b3e717283b6cf2da3e50d43bafc');
  });

  void test('V3: Go SDK style GET, SignedHeaders=content-type;host;x-content-sha256;x-date', () => {
    const req: SignableRequest = {
      method: 'GET', path: '/',
      query: parseQuery('Action=DescribeInstances&InstanceIds.1=i-abc&Version=2020-04-01'),
      headers: {
        host: 'open.volcengineapi.com',
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'x-content-sha256': EMPTY_BODY_SHA256,
        'x-date': X_DATE,
      },
      // Deliberately unsorted: the canonical form sorts the client's list.
      signedHeaders: ['x-date', 'host', 'content-type', 'x-content-sha256'], body: '',
    };
    assert.equal(sign(req), 'db73ec9b181af6cd70a5d40069706c173dcf458eb574dc91fa5b2cea18195d9d');
  });

  void test('verify accepts the V1 signature and rejects a tampered query', () => {
    const header = 'HMAC-SHA256 Credential=AKTESTEXAMPLE/20240102/cn-beijing/ecs/request, SignedHeaders=x-date, Signature=8ff4b9c5a5c8ca03e506a0c1eaa219a5459ca17b0f99252fbaf3deba15d52805';
    const parsed = parseAuthorization(header);
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    assert.equal(parsed.auth.accessKeyId, 'AKTESTEXAMPLE');
    assert.deepEqual(parsed.auth.scope, scope);
    assert.deepEqual(parsed.auth.signedHeaders, ['x-date']);
    const base = {
      method: 'GET', path: '/', headers: { 'x-date': X_DATE }, signedHeaders: parsed.auth.signedHeaders, body: '',
    };
    assert.equal(verify(SK, { ...base, query: parseQuery('Action=DescribeInstances&InstanceIds.1=i-abc&InstanceIds.2=i-def&MaxResults=10&Version=2020-04-01') }, parsed.auth, X_DATE), true);
    assert.equal(verify(SK, { ...base, query: parseQuery('Action=DescribeInstances&InstanceIds.1=i-abc&MaxResults=10&Version=2020-04-01') }, parsed.auth, X_DATE), false);
    assert.equal(verify('other-secret', { ...base, query: parseQuery('Action=DescribeInstances&InstanceIds.1=i-abc&InstanceIds.2=i-def&MaxResults=10&Version=2020-04-01') }, parsed.auth, X_DATE), false);
  });
});

void describe('canonical query', () => {
  void test('decodes the wire text and re-encodes per RFC 3986 (Node querystring leaves *()! unescaped)', () => {
    const fromNode = parseQuery('Action=DescribeInstances&InstanceName=a%20b*(x)!&Version=2020-04-01');
    const fromStrict = parseQuery('InstanceName=a%20b%2A%28x%29%21&Version=2020-04-01&Action=DescribeInstances');
    assert.equal(canonicalQuery(fromNode), 'Action=DescribeInstances&InstanceName=a%20b%2A%28x%29%21&Version=2020-04-01');
    assert.equal(canonicalQuery(fromStrict), canonicalQuery(fromNode));
  });

  void test('sorts by name, keeps unreserved characters, encodes UTF-8', () => {
    assert.equal(uriEncode('a-b_c.d~e'), 'a-b_c.d~e');
    assert.equal(uriEncode("it's"), 'it%27s');
    assert.equal(uriEncode('名'), '%E5%90%8D');
    assert.equal(canonicalQuery([['b', '2'], ['a', '1'], ['B', '0']]), 'B=0&a=1&b=2');
    // A repeated name (Node SDK array in a GET) is signed with its values sorted.
    assert.equal(canonicalQuery([['Tag', 'z'], ['Tag', 'a']]), 'Tag=a&Tag=z');
  });

  void test('a header value is trimmed and inner whitespace collapsed', () => {
    const req = (v: string): SignableRequest => ({ method: 'get', path: '/', query: [], headers: { 'x-date': v }, signedHeaders: ['X-Date'], body: '' });
    assert.equal(canonicalRequest(req('  20240102T030405Z ')), canonicalRequest(req('20240102T030405Z')));
    assert.match(canonicalRequest(req('x')), /^GET\n\/\n\nx-date:x\n\nx-date\n/);
  });
});

void describe('Authorization header parsing', () => {
  void test('missing Signature and malformed credential are told apart', () => {
    assert.deepEqual(parseAuthorization('HMAC-SHA256 Credential=AK/20240102/cn-beijing/ecs/request, SignedHeaders=x-date'), { ok: false, reason: 'missingSignature' });
    assert.deepEqual(parseAuthorization('HMAC-SHA256 Credential=AK/20240102/cn-beijing, SignedHeaders=x-date, Signature=ab'), { ok: false, reason: 'malformed' });
    assert.deepEqual(parseAuthorization('Bearer abc'), { ok: false, reason: 'malformed' });
  });
});
