/**
 * The proxy both clouds' requests go through: VS Code's http.proxy setting, else the
 * HTTPS_PROXY / HTTP_PROXY environment (as VS Code itself falls back to), minus the hosts in
 * http.noProxy / NO_PROXY. Credentials in the proxy URL are kept apart: they go only into the
 * Proxy-Authorization header, and `display` (what messages show) never carries them.
 */

export interface ProxyConfig {
  protocol: 'http:' | 'https:';
  host: string;
  port: number;
  /** The proxy as messages may show it: scheme, host and port, never a user name or password. */
  display: string;
  /** "Basic …" when the URL carried credentials. */
  authorization?: string;
  /** Secrets to mask wherever text is shown (the password and the header). */
  secrets: string[];
  /** Whether requests to this host go direct (http.noProxy / NO_PROXY). */
  bypass(host: string): boolean;
}

export class ProxySettingError extends Error {
  override readonly name = 'ProxySettingError';
  readonly code = 'InvalidProxySetting';
}

function bypassRule(entries: readonly string[]): (host: string) => boolean {
  const rules = entries.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.length > 0);
  return (host) => {
    const h = host.toLowerCase().replace(/^\[|\]$/g, '');
    return rules.some((rule) => rule === '*' || h === rule.replace(/^\*?\./, '') || (rule.startsWith('.') || rule.startsWith('*.') ? h.endsWith(rule.replace(/^\*/, '')) : h.endsWith(`.${rule}`)));
  };
}

/** The proxy to use, or undefined for none. Throws ProxySettingError for a value that is not an http(s) URL. */
export function resolveProxy(input: { setting?: string; noProxy?: readonly string[]; env: Record<string, string | undefined> }): ProxyConfig | undefined {
  const raw = (input.setting ?? '').trim() || input.env.HTTPS_PROXY || input.env.https_proxy || input.env.HTTP_PROXY || input.env.http_proxy || '';
  if (raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ProxySettingError('The proxy setting (http.proxy) is not a URL; use http://<host>:<port>.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProxySettingError('The proxy setting (http.proxy) must be an http:// or https:// URL.');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const basic = user || password ? Buffer.from(`${user}:${password}`).toString('base64') : undefined;
  const noProxy = [...(input.noProxy ?? []), ...(input.env.NO_PROXY ?? input.env.no_proxy ?? '').split(',')];
  return {
    protocol: url.protocol, host: url.hostname.replace(/^\[|\]$/g, ''), port,
    display: `${url.protocol}//${url.host}`,
    ...(basic ? { authorization: `Basic ${basic}` } : {}),
    secrets: [password, ...(basic ? [basic] : [])].filter((secret) => secret.length >= 4),
    bypass: bypassRule(noProxy),
  };
}
