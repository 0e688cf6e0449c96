/**
 * What one planned request's HTTP exchanges mean in the domain's words. The fleet client
 * hands this tracker only the exchanges of its own request (see observeExchanges), so
 * nothing is matched by URL: a non-GET is the action, a GET is one of its status polls.
 *  - the action leaving: requested, or retrying when the SDK sends it again;
 *  - a 429 with Retry-After (action or poll): waiting, as the cloud asked;
 *  - the action's final answer, through the SDK's onResponse hook: accepted;
 *  - each poll answer: progress with ARM's own status word; a Failed or Canceled status
 *    body is kept, because the SDK's poller keeps only a one-line message (and none at all
 *    for Canceled).
 */
import type { OperationContext } from '../../fleet/driver';
import type { CloudErrorInfo } from '../../fleet/model';
import { redactSecrets } from '../../fleet/redact';
import { lroStatusError } from './errors';
import { retryAfterSecondsOf, type ArmHttpExchange } from './httpPolicy';
import { requestParameters, type PlannedAzureRequest } from './plan';
import type { ActionResponse } from './pollers';
import { throttleWaitOf } from './throttleWaits';

interface LroFailure {
  status: 'Failed' | 'Canceled';
  error: CloudErrorInfo;
}

export class RequestExchanges {
  /** Retry-After of the accepted answer, in seconds (the wait before the first poll). */
  acceptedRetryAfterSeconds: number | undefined;
  /** The error of a status poll that ended Failed or Canceled. */
  lroFailure: LroFailure | undefined;
  private lastActionStatus: number | undefined;

  constructor(private readonly planned: PlannedAzureRequest, private readonly ctx: OperationContext) {}

  /** For observeExchanges. */
  readonly observe = (exchange: ArmHttpExchange): void => {
    if (exchange.reauthenticated) {
      this.ctx.emit({ type: 'retrying', attempt: exchange.attempt, reason: 'Azure reported the token expired; a new token was obtained and the request sent again.' });
      return;
    }
    if (exchange.afterClaimsChallenge) {
      // ARM refused the token before looking at the request (401), so sending it once more is safe.
      this.ctx.emit({ type: 'retrying', attempt: exchange.attempt, reason: 'Azure asked for a new sign-in (claims challenge, e.g. multi-factor authentication); sent again with the new token.' });
      return;
    }
    const isAction = exchange.method !== 'GET';
    if (exchange.phase === 'sent') {
      if (isAction) this.actionSent(exchange);
      return;
    }
    if (exchange.status === undefined) return; // no answer: the error reaches the outcome
    if (isAction) this.lastActionStatus = exchange.status;
    if (exchange.status === 429) {
      this.throttled(exchange);
      return;
    }
    if (!isAction) this.polled(exchange, exchange.status);
  };

  /** For the SDK's onResponse option of the action: its final answer, after any retries. */
  readonly onResponse = (response: ActionResponse, error?: unknown): void => {
    if (error !== undefined || response.status < 200 || response.status >= 300) return;
    const headers = response.headers;
    const requestId = headers.get('x-ms-request-id');
    const correlationId = headers.get('x-ms-correlation-request-id');
    const statusUrl = headers.get('azure-asyncoperation') ?? headers.get('location');
    const retryAfterSeconds = retryAfterSecondsOf(headers);
    this.acceptedRetryAfterSeconds = retryAfterSeconds;
    this.ctx.emit({
      type: 'accepted', httpStatus: response.status,
      ...(requestId ? { requestId } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...(statusUrl ? { statusUrl: redactSecrets(statusUrl) } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  };

  private actionSent(exchange: ArmHttpExchange): void {
    if (exchange.attempt > 1) {
      const reason = this.lastActionStatus === 429
        ? 'Sending the request again after the wait Azure asked for.'
        : 'Sending the request again after a transient failure.';
      this.ctx.emit({ type: 'retrying', attempt: exchange.attempt, reason });
      return;
    }
    this.ctx.emit({
      type: 'requested', action: this.planned.action, targets: [...this.planned.targets], parameters: requestParameters(this.planned),
      http: { method: exchange.method, url: exchange.url },
    });
  }

  private throttled(exchange: ArmHttpExchange): void {
    // Without Retry-After the SDK does not retry a 429: nothing waits, the error reaches the outcome.
    const wait = throttleWaitOf(exchange);
    if (!wait) return;
    this.ctx.emit({
      type: 'waiting', reason: 'throttled', waitSeconds: wait.waitSeconds, askedByCloud: wait.askedByCloud,
      ...(wait.code ? { code: wait.code } : {}),
      ...(wait.requestId ? { requestId: wait.requestId } : {}),
    });
  }

  private polled(exchange: ArmHttpExchange, httpStatus: number): void {
    const body = exchange.body as { status?: unknown } | undefined;
    const bodyStatus = typeof body?.status === 'string' ? body.status : undefined;
    const status = bodyStatus ?? (httpStatus === 202 ? 'InProgress' : httpStatus < 300 ? 'Succeeded' : `HTTP ${httpStatus}`);
    this.ctx.emit({
      type: 'progress', status, httpStatus,
      ...(exchange.requestId ? { requestId: exchange.requestId } : {}),
      ...(exchange.retryAfterSeconds !== undefined ? { nextCheckSeconds: exchange.retryAfterSeconds } : {}),
    });
    if (bodyStatus === 'Failed' || bodyStatus === 'Canceled') {
      const ids = {
        ...(exchange.requestId ? { requestId: exchange.requestId } : {}),
        ...(exchange.correlationId ? { correlationId: exchange.correlationId } : {}),
      };
      this.lroFailure = { status: bodyStatus, error: lroStatusError(exchange.body, bodyStatus, ids) };
    }
  }
}
