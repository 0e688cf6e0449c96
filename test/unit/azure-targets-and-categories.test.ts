/**
 * Uniform instance ids compare by number (the engine, the planner and what is sent agree), and
 * one Azure error code has one category whichever path it arrived by.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestError } from '@azure/core-rest-pipeline';
import { planAzureRequests } from '../../src/cloud/azure/plan';
import { lroStatusError, toCloudError } from '../../src/cloud/azure/errors';
import { armIdKey } from '../../src/fleet/clouds';
import { connectFailureOf } from '../../src/fleet/connectFailure';

const SET = '/subscriptions/3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss';
const vm = (id: string) => ({ id: `${SET}/virtualMachines/${id}`, label: id, scope: SET });

void test('"7", "07" and "007" are the same Uniform VM; "70" is not', () => {
  assert.equal(armIdKey(vm('07').id), armIdKey(vm('7').id));
  assert.equal(armIdKey(vm('007').id), armIdKey(vm('7').id));
  assert.equal(armIdKey(vm('0').id), armIdKey(vm('00').id));
  assert.notEqual(armIdKey(vm('70').id), armIdKey(vm('7').id));
  // Flexible VM names keep their zeros: they are names, not numbers.
  const flexible = `/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm07`;
  assert.equal(armIdKey(flexible), flexible.toLowerCase());
});

void test('the planner sends each Uniform instance once, in canonical form', () => {
  const [request, ...rest] = planAzureRequests({ kind: 'azure.deallocate', targets: [vm('7'), vm('07'), vm('012')], options: { hibernate: false } });
  assert.equal(rest.length, 0);
  assert.deepEqual(request?.instanceIds, ['7', '12']);
  const [single] = planAzureRequests({ kind: 'azure.powerOff', targets: [vm('0005'), vm('5')], options: { skipShutdown: false } });
  assert.equal(single?.api, 'scaleSetVm', 'one instance left: the per-VM call');
  assert.deepEqual(single?.instanceIds, ['5']);
});

void test('InternalExecutionError is a server failure on every path (status body, SDK message, HTTP error)', () => {
  const fromStatusBody = lroStatusError({ status: 'Failed', error: { code: 'InternalExecutionError', message: 'boom' } }, 'Failed');
  const fromSdkMessage = toCloudError(new Error('The long-running operation has failed. InternalExecutionError. boom'));
  const fromHttp = toCloudError(new RestError('boom', { statusCode: 500, code: 'InternalExecutionError' }));
  assert.deepEqual([fromStatusBody.category, fromSdkMessage.category, fromHttp.category], ['server', 'server', 'server']);
});

void test('OperationNotAllowed is a conflict on every path, except as the body of a 429 (throttled)', () => {
  assert.equal(lroStatusError({ error: { code: 'OperationNotAllowed', message: 'x' } }, 'Failed').category, 'conflict');
  assert.equal(toCloudError(new Error('The long-running operation has failed. OperationNotAllowed. x')).category, 'conflict');
  assert.equal(toCloudError(new RestError('x', { statusCode: 409, code: 'OperationNotAllowed' })).category, 'conflict');
  assert.equal(toCloudError(new RestError('x', { statusCode: 429, code: 'OperationNotAllowed' })).category, 'throttled');
  assert.equal(lroStatusError({ error: { code: 'OperationPreempted', message: 'x' } }, 'Canceled').category, 'conflict');
});

void test('connect failures are recognised by code, by cause and by message', () => {
  assert.equal(connectFailureOf(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }))?.kind, 'dnsNotFound');
  assert.equal(connectFailureOf(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }) }))?.kind, 'tlsExpired');
  assert.equal(connectFailureOf(new Error('self-signed certificate in certificate chain'))?.kind, 'tlsUntrusted');
  assert.equal(connectFailureOf(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))?.kind, 'tlsHostname');
  assert.equal(connectFailureOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), undefined, 'a reset may come after the request left');
});
