/**
 * The Retry-After rule on both clouds, as pure functions: which answers make us wait, how long,
 * and whether the wait is the cloud's (Retry-After) or our own back-off. The same rules against
 * the emulator, through the real SDKs: test/integration/listing-waits.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArmHttpExchange } from '../../src/cloud/azure/httpPolicy';
import { throttleCodeOf, throttleWaitOf } from '../../src/cloud/azure/throttleWaits';
import { retryAfterMsOf } from '../../src/cloud/volcengine/transport';
import { listingWaitLine, waitOnNode } from '../../src/ui/waitWording';

const received = (over: Partial<ArmHttpExchange>): ArmHttpExchange => ({ phase: 'received', method: 'GET', url: 'https://arm/x', attempt: 1, ...over });
const COMPUTE_THROTTLE = {
  error: {
    code: 'OperationNotAllowed',
    message: 'The server rejected the request because too many requests have been received for this subscription.',
    details: [{ code: 'TooManyRequests', target: 'HighCostGet30Min', message: '…' }],
  },
};

void describe('Azure: the SDK waits on 429/503 with Retry-After, for exactly that long', () => {
  void test('a 429 with Retry-After is a wait the cloud asked for, with its code and request id', () => {
    assert.deepEqual(throttleWaitOf(received({ status: 429, retryAfterSeconds: 3, requestId: 'r-1', body: COMPUTE_THROTTLE })), {
      waitSeconds: 3, askedByCloud: true, httpStatus: 429, code: 'OperationNotAllowed', requestId: 'r-1',
    });
    assert.equal(throttleWaitOf(received({ status: 503, retryAfterSeconds: 1 }))?.waitSeconds, 1);
  });

  void test('no Retry-After, another status, or a request on its way out: no wait (the SDK does not retry a bare 429)', () => {
    assert.equal(throttleWaitOf(received({ status: 429 })), undefined);
    assert.equal(throttleWaitOf(received({ status: 500, retryAfterSeconds: 3 })), undefined);
    assert.equal(throttleWaitOf({ ...received({ status: 429, retryAfterSeconds: 3 }), phase: 'sent' }), undefined);
  });

  void test('the code as the cloud wrote it: a CloudError body, a bare body, nothing', () => {
    assert.equal(throttleCodeOf(COMPUTE_THROTTLE), 'OperationNotAllowed');
    assert.equal(throttleCodeOf({ code: 'SubscriptionRequestsThrottled', message: 'x' }), 'SubscriptionRequestsThrottled');
    assert.equal(throttleCodeOf(undefined), undefined);
  });
});

void describe('Volcengine: Retry-After in whole seconds on 429/503 is honoured; anything else is our back-off', () => {
  void test('integer seconds on 429 and 503', () => {
    assert.equal(retryAfterMsOf(429, '3'), 3000);
    assert.equal(retryAfterMsOf(503, ' 0 '), 0);
  });

  void test('not a throttling status, no header, an HTTP date or garbage: not a wait we were given', () => {
    assert.equal(retryAfterMsOf(400, '3'), undefined);
    assert.equal(retryAfterMsOf(429, undefined), undefined);
    assert.equal(retryAfterMsOf(429, 'Wed, 21 Oct 2015 07:28:00 GMT'), undefined);
    assert.equal(retryAfterMsOf(429, '1.5'), undefined);
    assert.equal(retryAfterMsOf(429, '-1'), undefined);
  });

  void test('a huge Retry-After is capped at 300 s (the Go SDK\'s MaxThrottleDelay)', () => {
    assert.equal(retryAfterMsOf(429, '86400'), 300_000);
  });
});

void describe('how a wait is said', () => {
  void test('on the node, and as one output line naming the code, the wait and who asked for it', () => {
    const asked = { waitSeconds: 3, askedByCloud: true, code: 'FlowLimitExceeded', requestId: 'r-9' };
    assert.equal(waitOnNode(asked), 'waiting 3 s: throttled');
    assert.equal(listingWaitLine('Volcengine', 'the instances in Beijing', asked),
      'Volcengine: listing the instances in Beijing was throttled (FlowLimitExceeded); waiting 3 s, as the cloud asked (Retry-After) [request id r-9]');
    assert.equal(listingWaitLine('Volcengine', 'the regions', { waitSeconds: 0.5, askedByCloud: false, code: 'FlowLimitExceeded' }),
      'Volcengine: listing the regions was throttled (FlowLimitExceeded); waiting 0.5 s, our own back-off (the cloud named no wait)');
  });
});
