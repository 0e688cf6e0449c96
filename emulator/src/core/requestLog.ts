/** Every request the emulator answered, queryable by tests ("exactly one deallocate with instanceIds [1,3]"). */
import type { RecordedRequest } from './types';

export interface RequestFilter {
  service: RecordedRequest['service'];
  method: string;
  operation: string;
  pathIncludes: string;
}

/** Headers worth keeping; Authorization is reduced to whether it was present. */
const KEPT_HEADERS = [
  'content-type', 'user-agent', 'x-ms-client-request-id', 'x-ms-correlation-request-id', 'x-ms-return-client-request-id',
  'metadata', 'x-date', 'host', 'accept', 'content-length', 'x-content-sha256', 'x-security-token',
];

export function selectHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headers[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  if (headers.authorization !== undefined) out.authorization = '(present)';
  if (headers.secret !== undefined || headers['x-identity-header'] !== undefined) out['x-identity-header'] = '(present)';
  return out;
}

/** Form fields that carry a credential (the sign-in endpoints'): kept only as whether they were present. */
const SECRET_FIELDS = ['refresh_token', 'code', 'client_secret', 'assertion', 'password'];

export function selectBody(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out = { ...(body as Record<string, unknown>) };
  for (const field of SECRET_FIELDS) if (out[field] !== undefined) out[field] = '(present)';
  return out;
}

export class RequestLog {
  private readonly entries: RecordedRequest[] = [];
  private seq = 0;

  add(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded = { ...entry, seq: ++this.seq };
    this.entries.push(recorded);
    return recorded;
  }

  all(): RecordedRequest[] {
    return [...this.entries];
  }

  where(filter: Partial<RequestFilter>): RecordedRequest[] {
    return this.entries.filter((r) =>
      (filter.service === undefined || r.service === filter.service)
      && (filter.method === undefined || r.method.toUpperCase() === filter.method.toUpperCase())
      && (filter.operation === undefined || r.operation === filter.operation)
      && (filter.pathIncludes === undefined || r.path.toLowerCase().includes(filter.pathIncludes.toLowerCase())));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
