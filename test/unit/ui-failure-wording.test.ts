/**
 * Failures by phase: every code category leads to its own sentence, pointing the right way
 * (refused before anything started / accepted then failed / canceled / outcome unknown), and
 * an operation Azure accepted that later failed with InternalExecutionError is never worded
 * as a state conflict (issue #11, "what was seen" 6).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudErrorInfo, ErrorCategory } from '../../src/fleet/model';
import { describeCloudError } from '../../src/ui/errorMessages';
import {
  FAILURE_PHASES, FAILURE_REASONS, failureAdvice, failureReason, type FailureReason, phaseHead, phaseOfResult,
} from '../../src/ui/failureWording';

const azure = (code: string, category: ErrorCategory, message = 'The server said so.', over: Partial<CloudErrorInfo> = {}): CloudErrorInfo =>
  ({ cloud: 'azure', code, message, category, ...over });

void describe('which phase a failed target is in', () => {
  void test('not sent and a failure without acceptance were refused; an accepted failure failed later; canceled and unknown are their own', () => {
    assert.equal(phaseOfResult({ status: 'notSent' }), 'refused');
    assert.equal(phaseOfResult({ status: 'failed' }), 'refused');
    assert.equal(phaseOfResult({ status: 'failed', accepted: true }), 'failedAfterAccepted');
    assert.equal(phaseOfResult({ status: 'canceled', accepted: true }), 'canceled');
    assert.equal(phaseOfResult({ status: 'unknown' }), 'outcomeUnknown');
    assert.equal(phaseOfResult({ status: 'succeeded' }), undefined);
    assert.equal(phaseOfResult({ status: 'checked' }), undefined);
  });
});

void describe('what a code means', () => {
  // Each row: a code as the clouds send it → the reason that picks the advice.
  const table: Array<[Pick<CloudErrorInfo, 'code' | 'message' | 'category'>, FailureReason]> = [
    [azure('OperationNotAllowed', 'conflict', "Operation 'performMaintenance' is not allowed on VM 'w_8' since the Subscription of this VM is not eligible."), 'eligibility'],
    [azure('OperationNotAllowed', 'conflict', "Operation 'powerOff' is not allowed on VM 'w_1' since the VM is either deallocated or marked to be deallocated."), 'stateConflict'],
    [azure('InvalidInstanceStatus', 'conflict'), 'stateConflict'],
    // An LRO status body that ended Failed is classified 'conflict' by the cloud layer: the code decides.
    [azure('InternalExecutionError', 'conflict', 'An internal execution error occurred. Please retry later.'), 'transient'],
    [azure('InternalOperationError', 'conflict'), 'transient'],
    [azure('InternalError', 'server'), 'transient'],
    [azure('Http503', 'server'), 'transient'],
    [azure('InvalidAuthenticationToken', 'authentication'), 'authentication'],
    [azure('AuthorizationFailed', 'permission'), 'permission'],
    [azure('AllocationFailed', 'conflict'), 'quota'],
    [azure('QuotaExceeded', 'invalidInput'), 'quota'],
    [azure('OperationNotAllowed', 'conflict', 'Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.'), 'quota'],
    [azure('Insufficient.InstanceCapacity', 'server'), 'quota'],
    [azure('OperationNotAllowed', 'throttled', 'The server rejected the request because too many requests have been received for this subscription.'), 'throttled'],
    [azure('FlowLimitExceeded', 'throttled'), 'throttled'],
    [azure('ResourceNotFound', 'notFound'), 'notFound'],
    [azure('ReadOnlyDisabledSubscription', 'conflict'), 'subscriptionDisabled'],
    [azure('InvalidParameter', 'invalidInput'), 'invalidInput'],
    [azure('NetworkError', 'network'), 'network'],
    [azure('Brand.NewCode', 'unknown'), 'unknown'],
  ];
  for (const [error, reason] of table) {
    void test(`${error.code} (${error.category}) → ${reason}`, () => assert.equal(failureReason(error), reason));
  }
  void test('the table covers every reason', () => {
    assert.deepEqual(new Set(table.map(([, reason]) => reason)), new Set(FAILURE_REASONS));
  });
});

void describe('the sentences', () => {
  void test('every reason has its own advice when refused, and where acceptance changes what to do, another one when accepted', () => {
    const refused = FAILURE_REASONS.map((reason) => failureAdvice('refused', reason, 'azure'));
    assert.equal(refused.filter((a) => a === undefined).length, 1, 'only "unknown" leaves the cloud\'s words alone');
    assert.equal(new Set(refused.filter(Boolean)).size, FAILURE_REASONS.length - 1, 'no two reasons share a sentence');
    for (const reason of ['stateConflict', 'transient'] as const) {
      assert.notEqual(failureAdvice('failedAfterAccepted', reason, 'azure'), failureAdvice('refused', reason, 'azure'), reason);
    }
    assert.match(failureAdvice('refused', 'transient', 'azure') ?? '', /nothing was changed: retry later/);
    assert.match(failureAdvice('failedAfterAccepted', 'transient', 'azure') ?? '', /inside the cloud and is usually temporary: retry later/);
    assert.match(failureAdvice('refused', 'eligibility', 'azure') ?? '', /not eligible/);
    assert.match(failureAdvice('refused', 'quota', 'azure') ?? '', /quota or capacity/);
    assert.match(failureAdvice('refused', 'authentication', 'azure') ?? '', /Sign in again to Azure/);
    assert.match(failureAdvice('refused', 'authentication', 'volcengine') ?? '', /access keys/);
  });

  void test('canceled and unknown outcomes say what to check, whatever the code', () => {
    for (const reason of FAILURE_REASONS) {
      assert.match(failureAdvice('canceled', reason, 'azure') ?? '', /keep the state now shown/);
      assert.match(failureAdvice('outcomeUnknown', reason, 'volcengine') ?? '', /check their state/);
    }
  });

  void test('each phase has its own head, naming the cloud, the verb and the target', () => {
    const heads = FAILURE_PHASES.map((phase) => phaseHead('azure', phase, 'deallocate', 'web-01', 'X'));
    assert.deepEqual(heads, [
      'Azure refused to deallocate web-01: X',
      'Azure accepted the request to deallocate web-01, but it then failed: X',
      'Azure accepted the request to deallocate web-01, then canceled it: X',
      'It is not known whether Azure carried out the request to deallocate web-01: X',
    ]);
    assert.match(phaseHead('volcengine', 'refused', 'stop', 'web-01', 'X'), /^Volcengine refused to stop web-01/);
  });
});

void describe('the toast an operation ends with', () => {
  const internal = azure('InternalExecutionError', 'conflict', 'An internal execution error occurred. Please retry later.', { requestId: 'op-1' });

  void test('accepted, then failed inside Azure: it says so and advises a later retry, never "the state does not allow"', () => {
    const { message } = describeCloudError('azure.deallocate', internal, 'vmss-web/3', 'failedAfterAccepted');
    assert.equal(message, 'Azure accepted the request to deallocate vmss-web/3, but it then failed: InternalExecutionError — An internal execution error occurred. Please retry later. The failure happened inside the cloud and is usually temporary: retry later.');
    assert.doesNotMatch(message, /refused|does not allow/);
  });

  void test('a refusal of the same code is still a refusal, and nothing changed', () => {
    const { message } = describeCloudError('azure.deallocate', internal, 'vmss-web/3');
    assert.match(message, /^Azure refused to deallocate vmss-web\/3: InternalExecutionError/);
    assert.match(message, /nothing was changed: retry later\.$/);
  });

  void test('a state conflict refused before anything started keeps its wording; maintenance eligibility is not a state conflict', () => {
    const conflict = azure('OperationNotAllowed', 'conflict', "Operation 'powerOff' is not allowed on VM 'w_1' since the VM is deallocated.");
    assert.match(describeCloudError('azure.powerOff', conflict, 'w/1').message, /The resource's state does not allow this now; the view has been refreshed\.$/);
    const notEligible = azure('OperationNotAllowed', 'conflict', "Operation 'performMaintenance' is not allowed on VM 'w_8' since the Subscription of this VM is not eligible.");
    assert.doesNotMatch(describeCloudError('azure.performMaintenance', notEligible, 'w/8').message, /does not allow this now/);
  });

  void test('Volcengine: an instance that went into ERROR after its stop was accepted reads as accepted, then failed', () => {
    const error: CloudErrorInfo = { cloud: 'volcengine', code: 'InstanceError', message: 'The instance went into the ERROR state while stopping.', category: 'server' };
    const { message } = describeCloudError('volcengine.stopInstance', error, 'web-01 (i-1)', 'failedAfterAccepted');
    assert.match(message, /^Volcengine accepted the request to stop web-01 \(i-1\), but it then failed: The instance went into the ERROR state/);
    assert.match(message, /\(InstanceError\)$/);
    const lost: CloudErrorInfo = { cloud: 'volcengine', code: 'OutcomeUnknown', message: 'No answer.', category: 'network' };
    assert.match(describeCloudError('volcengine.stopInstance', lost, 'web-01', 'outcomeUnknown').message, /^It is not known whether Volcengine carried out the request to stop web-01: .*check their state in the view before trying again\.$/);
  });
});
