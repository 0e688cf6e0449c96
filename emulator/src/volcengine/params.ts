/**
 * Request parameters of an ECS call, wherever the client put them: the query (GET, and Action /
 * Version always), a form-urlencoded body, or a JSON body whose arrays are not flattened (the
 * Node SDK's createJSONAPI sends `{"InstanceIds":["i-1"]}`). Everything ends up in the flattened
 * 1-based form the Go SDK sends in the query: `InstanceIds.1=i-1`.
 */
import type { QueryPairs } from './signing';

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Decoded query pairs in request order. '+' stays '+' (RFC 3986): neither SDK sends it for a space. */
export function parseQuery(rawSearch: string): [string, string][] {
  const search = rawSearch.startsWith('?') ? rawSearch.slice(1) : rawSearch;
  if (!search) return [];
  return search.split('&').filter((p) => p.length > 0).map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [decodeComponent(part), ''] : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))];
  });
}

function flattenJson(prefix: string, value: unknown, out: Map<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flattenJson(`${prefix}.${i + 1}`, item, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenJson(prefix ? `${prefix}.${k}` : k, v, out);
  } else if (typeof value === 'string') {
    out.set(prefix, value);
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    out.set(prefix, String(value));
  }
}

export type BodyParse = { ok: true; params: Map<string, string> } | { ok: false };

/** Parameters carried by the body, by content type. An unparseable JSON body is an error. */
export function parseBody(contentType: string | undefined, raw: Buffer): BodyParse {
  const params = new Map<string, string>();
  const text = raw.toString('utf8');
  if (text.trim().length === 0) return { ok: true, params };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false };
    flattenJson('', parsed, params);
    return { ok: true, params };
  }
  if (type.includes('x-www-form-urlencoded') || type === '') {
    for (const [k, v] of new URLSearchParams(text)) params.set(k, v);
    return { ok: true, params };
  }
  return { ok: true, params };
}

/** The flattened parameters of one call (Action and Version excluded). */
export class ActionParams {
  constructor(readonly values: ReadonlyMap<string, string>) {}

  static from(query: QueryPairs, body: ReadonlyMap<string, string>): ActionParams {
    const values = new Map<string, string>();
    for (const [k, v] of query) if (k !== 'Action' && k !== 'Version') values.set(k, v);
    for (const [k, v] of body) if (k !== 'Action' && k !== 'Version') values.set(k, v);
    return new ActionParams(values);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Values of `Name.1`, `Name.2`, … in index order. */
  list(name: string): string[] {
    const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)$`);
    const items: { n: number; v: string }[] = [];
    for (const [k, v] of this.values) {
      const m = pattern.exec(k);
      if (m) items.push({ n: Number(m[1]), v });
    }
    return items.sort((a, b) => a.n - b.n).map((i) => i.v);
  }

  /** Stable text of every parameter except the ones named: used to compare idempotent requests. */
  fingerprint(exclude: readonly string[]): string {
    return [...this.values.entries()]
      .filter(([k]) => !exclude.includes(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
  }
}
