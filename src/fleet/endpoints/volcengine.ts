/**
 * The `fleetPower.volcengine.endpoint` setting and the region id syntax.
 * The SDK sends to `${protocol}//${host}/`; the region travels only in the signature, and
 * the SDK would default it to cn-north-1, so every call passes it explicitly.
 */
import { isLoopbackHost } from './loopback';

export const DEFAULT_VOLCENGINE_ENDPOINT = 'https://open.volcengineapi.com';

export interface VolcengineEndpoint {
  protocol: 'https:' | 'http:';
  /** host[:port], as the SDK's `host` option wants it. */
  host: string;
  /** Normalized base URL (no trailing slash). */
  url: string;
}

export type EndpointProblem = 'invalidUrl' | 'unsupportedProtocol' | 'insecureHttp' | 'unexpectedPath' | 'credentialsInUrl';

export class VolcengineConfigError extends Error {
  override readonly name = 'VolcengineConfigError';
  constructor(readonly setting: string, readonly problem: EndpointProblem | 'invalidRegion', message: string) {
    super(message);
  }
}

/**
 * Accepts a host (`open.volcengineapi.com`, `ecs.cn-beijing.volcengineapi.com:443`) or a URL.
 * Refuses `http:` to anything but loopback (the emulator), other protocols, paths, queries,
 * fragments and user info: the SDK always posts to "/".
 */
export function parseVolcengineEndpoint(value: string | undefined, setting = 'fleetPower.volcengine.endpoint'): VolcengineEndpoint {
  const raw = (value ?? '').trim();
  const text = raw === '' ? DEFAULT_VOLCENGINE_ENDPOINT : raw;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new VolcengineConfigError(setting, 'invalidUrl', `${setting} is not a valid host or URL.`);
  }
  if (url.hostname === '' || /\s/.test(text)) {
    throw new VolcengineConfigError(setting, 'invalidUrl', `${setting} is not a valid host or URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new VolcengineConfigError(setting, 'unsupportedProtocol', `${setting} must use https (got ${url.protocol.replace(':', '')}).`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new VolcengineConfigError(setting, 'insecureHttp', `${setting}: plain http is only allowed for a local emulator (localhost/127.0.0.1); use https.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new VolcengineConfigError(setting, 'credentialsInUrl', `${setting} must not contain a user name or password.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new VolcengineConfigError(setting, 'unexpectedPath', `${setting} must be a host or base URL without a path, query or fragment.`);
  }
  const protocol = url.protocol;
  return { protocol, host: url.host, url: `${protocol}//${url.host}` };
}

/** A syntactically valid Volcengine region id (cn-beijing, ap-southeast-1, cn-beijing-autodriving). */
export function isValidRegionId(regionId: string): boolean {
  return /^[a-z]{2,}(-[a-z0-9]+){1,4}$/.test(regionId) && regionId.length <= 64;
}
