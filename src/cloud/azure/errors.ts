/**
 * Turns whatever the Azure SDKs throw (RestError with a CloudError body, network errors,
 * LRO failures, parse failures) into the provider-neutral CloudErrorInfo. Never copies a
 * token or credential into the result.
 */
import type { CloudErrorInfo, ErrorCategory } from '../../fleet/model';
import { AzureConfigurationError } from '../../fleet/endpoints/azure';
import { InvalidResourceIdError } from './armId';
import { categoryOfAzureCode } from './errorCategories';
import { isAzureCliProblem } from './cliDiagnosis';
import { ActionOutcomeUnknownError, InstanceSelectionError } from './httpPolicy';
import { redactSecrets } from '../../fleet/redact';
import { CONNECT_FAILURE_CODES, connectFailureOf, connectFailureText } from '../../fleet/connectFailure';

interface HeadersLike { get(name: string): string | undefined }

interface RestErrorLike {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { status?: number; headers?: HeadersLike; bodyAsText?: string | null };
  details?: unknown;
  cause?: unknown;
}

interface ApiErrorBody {
  code?: string;
  message?: string;
  target?: string;
  details?: Array<{ code?: string; target?: string; message?: string }>;
  innererror?: { exceptiontype?: string; errordetail?: string };
}

interface ToCloudErrorOptions {
  /** The raw response body when the SDK dropped it (list calls: "Pagination failed …"). */
  rawBody?: string;
  /** Look up a raw response body by x-ms-request-id (kept by the client's pipeline policy). */
  bodyForRequestId?: (requestId: string) => string | undefined;
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH',
  'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'REQUEST_SEND_ERROR', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

const AUTH_CODES = new Set([
  'AuthenticationFailed', 'InvalidAuthenticationToken', 'ExpiredAuthenticationToken', 'InvalidAuthenticationTokenTenant',
  'CredentialUnavailableError', 'AuthenticationRequiredError', 'AuthenticationError',
]);

function categoryForStatus(status: number | undefined): ErrorCategory {
  if (status === undefined) return 'unknown';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status === 400 || status === 412 || status === 422) return 'invalidInput';
  if (status >= 500) return 'server';
  return 'unknown';
}

export function toCloudError(err: unknown, target?: string, options: ToCloudErrorOptions = {}): CloudErrorInfo {
  const withTarget = (info: CloudErrorInfo): CloudErrorInfo => {
    const out = { ...info };
    if (target !== undefined && out.target === undefined) out.target = target;
    out.message = redactSecrets(out.message);
    return out;
  };

  if (err instanceof AzureConfigurationError) {
    return withTarget({ cloud: 'azure', code: err.code, message: err.message, category: 'invalidInput' });
  }
  if (err instanceof InvalidResourceIdError) {
    return withTarget({ cloud: 'azure', code: err.code, message: err.message, category: 'invalidInput' });
  }
  if (err instanceof InstanceSelectionError) {
    return withTarget({ cloud: 'azure', code: err.code, message: err.message, category: 'invalidInput' });
  }
  if (err instanceof ActionOutcomeUnknownError) {
    return withTarget({ cloud: 'azure', code: err.code, message: err.message, category: 'network' });
  }
  if (err instanceof SyntaxError) {
    return withTarget({ cloud: 'azure', code: 'MalformedResponse', message: `The server sent a response that is not valid JSON (${err.message}).`, category: 'malformedResponse' });
  }
  if (!err || typeof err !== 'object') {
    return withTarget({ cloud: 'azure', code: 'UnknownError', message: String(err), category: 'unknown' });
  }

  const restError = err as RestErrorLike;
  const name = restError.name ?? '';
  const message = typeof restError.message === 'string' ? restError.message : '';
  const status = restError.statusCode ?? (restError.response?.status !== undefined && restError.response.status > 0 ? restError.response.status : undefined);
  const requestId = restError.response?.headers?.get('x-ms-request-id');
  const correlationId = restError.response?.headers?.get('x-ms-correlation-request-id');
  const ids = { ...(requestId ? { requestId } : {}), ...(correlationId ? { correlationId } : {}) };

  if (name === 'AbortError') {
    return withTarget({ cloud: 'azure', code: 'Aborted', message: 'Waiting was stopped before the cloud answered.', category: 'network', ...ids });
  }
  if (AUTH_CODES.has(name) || (typeof restError.code === 'string' && AUTH_CODES.has(restError.code) && status === undefined)) {
    // An Azure CLI problem keeps its own code (cliDiagnosis.ts): not found, not signed in, hanging, unreadable.
    const code = isAzureCliProblem(restError.code) ? restError.code : name || String(restError.code);
    return withTarget({ cloud: 'azure', code, message: firstLine(message), category: 'authentication' });
  }

  // The pipeline could not parse a (often 2xx) body: the answer is unusable, whatever its status.
  if (restError.code === 'PARSE_ERROR') {
    return withTarget({
      cloud: 'azure', code: 'MalformedResponse', message: 'Azure sent a response that could not be read (it is not valid JSON). Try again; if it persists, check the endpoint setting.',
      category: 'malformedResponse', ...(status !== undefined ? { httpStatus: status } : {}), ...ids,
    });
  }

  // A CloudError body: from the SDK's deserialized details, the response text, or the policy's copy.
  const body = cloudErrorBody(restError.details)
    ?? parseCloudErrorText(restError.response?.bodyAsText ?? undefined)
    ?? parseCloudErrorText(options.rawBody)
    ?? (requestId && options.bodyForRequestId ? parseCloudErrorText(options.bodyForRequestId(requestId)) : undefined);

  if (status !== undefined) {
    const code = body?.code ?? restError.code ?? `Http${status}`;
    // List calls throw "Pagination failed with unexpected statusCode N": prefer the server's own words.
    const serverMessage = body?.message;
    const msg = serverMessage ?? (message || `The request failed with HTTP ${status}.`);
    const info: CloudErrorInfo = {
      cloud: 'azure', code, message: msg, httpStatus: status, category: categoryOfAzureCode(code, AUTH_CODES.has(code) ? 'authentication' : categoryForStatus(status), status), ...ids,
    };
    if (body?.target) info.target = body.target;
    if (body?.details?.length) info.details = body.details.map(pick);
    if (body?.innererror) {
      info.innerError = {
        ...(body.innererror.exceptiontype ? { exceptionType: body.innererror.exceptiontype } : {}),
        ...(body.innererror.errordetail ? { errorDetail: redactSecrets(body.innererror.errordetail) } : {}),
      };
    }
    return withTarget(info);
  }

  // No HTTP status: the request never got a usable answer.
  // Before the request reached Azure (DNS, refused, TLS, proxy): its own code, so the message can name the fix.
  const connect = connectFailureOf(err);
  if (connect) {
    return withTarget({ cloud: 'azure', code: CONNECT_FAILURE_CODES[connect.kind], message: connectFailureText(connect, 'Resource Manager'), category: 'network', ...ids });
  }
  const sysCode = networkCode(restError);
  if (sysCode) {
    return withTarget({ cloud: 'azure', code: 'NetworkError', message: `The connection to Azure failed (${sysCode}): ${firstLine(message)}`, category: 'network', ...ids });
  }
  if (restError.code === 'PARSE_ERROR' || /JSON|Unexpected token|not valid JSON/i.test(message)) {
    return withTarget({ cloud: 'azure', code: 'MalformedResponse', message: `The server sent a response that could not be read: ${firstLine(message)}`, category: 'malformedResponse', ...ids });
  }
  const lro = parseLroFailure(message);
  if (lro) return withTarget({ cloud: 'azure', code: lro.code, message: lro.message, category: categoryOfAzureCode(lro.code, 'server'), ...ids });
  if (message === 'Operation was canceled') {
    return withTarget({ cloud: 'azure', code: 'OperationCanceled', message: 'Azure reports the operation as canceled.', category: categoryOfAzureCode('OperationCanceled', 'conflict'), ...ids });
  }
  if (/timed? ?out/i.test(message)) {
    return withTarget({ cloud: 'azure', code: 'Timeout', message: firstLine(message), category: 'network', ...ids });
  }
  return withTarget({ cloud: 'azure', code: typeof restError.code === 'string' ? restError.code : (name || 'UnknownError'), message: firstLine(message) || 'Unknown error.', category: 'unknown', ...ids });
}

/** The error of an Azure-AsyncOperation status body that ended Failed or Canceled. */
export function lroStatusError(body: unknown, status: 'Failed' | 'Canceled', ids: { requestId?: string; correlationId?: string } = {}): CloudErrorInfo {
  const parsed = cloudErrorBody(body);
  const code = parsed?.code ?? (status === 'Canceled' ? 'OperationCanceled' : 'OperationFailed');
  const info: CloudErrorInfo = {
    cloud: 'azure',
    code,
    message: redactSecrets(parsed?.message ?? (status === 'Canceled' ? 'Azure canceled the operation.' : 'The operation failed in Azure.')),
    category: categoryOfAzureCode(code, status === 'Canceled' ? 'conflict' : 'server'),
    ...(ids.requestId ? { requestId: ids.requestId } : {}),
    ...(ids.correlationId ? { correlationId: ids.correlationId } : {}),
  };
  if (parsed?.target) info.target = parsed.target;
  if (parsed?.details?.length) info.details = parsed.details.map(pick);
  return info;
}

/** Accepts `{ error: {...} }`, a bare `{ code, message }` (ARM throttling), or the SDK's deserialized CloudError. */
function cloudErrorBody(value: unknown): ApiErrorBody | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const body = value as { error?: unknown; code?: unknown; message?: unknown };
  const inner = (body.error && typeof body.error === 'object' ? body.error : body) as Record<string, unknown>;
  if (typeof inner.code !== 'string' && typeof inner.message !== 'string') return undefined;
  const out: ApiErrorBody = {};
  if (typeof inner.code === 'string') out.code = inner.code;
  if (typeof inner.message === 'string') out.message = inner.message;
  if (typeof inner.target === 'string') out.target = inner.target;
  if (Array.isArray(inner.details)) {
    out.details = inner.details.filter((detail): detail is Record<string, unknown> => !!detail && typeof detail === 'object').map((detail) => ({
      ...(typeof detail.code === 'string' ? { code: detail.code } : {}),
      ...(typeof detail.target === 'string' ? { target: detail.target } : {}),
      ...(typeof detail.message === 'string' ? { message: detail.message } : {}),
    }));
  }
  const innerError = inner.innererror as Record<string, unknown> | undefined;
  if (innerError && typeof innerError === 'object') {
    out.innererror = {
      ...(typeof innerError.exceptiontype === 'string' ? { exceptiontype: innerError.exceptiontype } : {}),
      ...(typeof innerError.errordetail === 'string' ? { errordetail: innerError.errordetail } : {}),
    };
  }
  return out;
}

function parseCloudErrorText(text: string | undefined): ApiErrorBody | undefined {
  if (!text) return undefined;
  try {
    return cloudErrorBody(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** core-lro reports "The long-running operation has failed. CODE. message". */
function parseLroFailure(message: string): { code: string; message: string } | undefined {
  const failure = /^The long-running operation has failed\.\s*([^.\s]+)\.\s*([\s\S]*)$/.exec(message);
  if (!failure) return undefined;
  return { code: failure[1] ?? 'OperationFailed', message: (failure[2] ?? '').trim() || 'The operation failed in Azure.' };
}

function networkCode(restError: RestErrorLike): string | undefined {
  const candidates: unknown[] = [restError.code, (restError.cause as { code?: unknown } | undefined)?.code];
  for (const code of candidates) if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  return /\b(ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EPIPE|socket hang up)\b/.exec(restError.message ?? '')?.[1];
}

function pick(detail: { code?: string; target?: string; message?: string }): { code?: string; target?: string; message?: string } {
  return {
    ...(detail.code ? { code: detail.code } : {}),
    ...(detail.target ? { target: detail.target } : {}),
    ...(detail.message ? { message: redactSecrets(detail.message) } : {}),
  };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

