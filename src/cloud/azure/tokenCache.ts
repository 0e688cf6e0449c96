import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/** Refresh this long before expiry, so a token never expires in the middle of a request. */
const REFRESH_MARGIN_MS = 2 * 60 * 1000;

/**
 * Shares tokens between the fleet client's SDK clients (one per subscription, plus the
 * subscription client) so each does not start its own `az` process or sign-in round trip.
 * Concurrent requests for the same scope wait for one fetch.
 */
interface CachingCredential extends TokenCredential {
  /** Forget cached tokens (after the server said a token expired or is invalid). */
  invalidate(): void;
}

export function cachingCredential(inner: TokenCredential, now: () => number = Date.now): CachingCredential {
  const cache = new Map<string, AccessToken>();
  const pending = new Map<string, Promise<AccessToken | null>>();
  return {
    invalidate() {
      cache.clear();
    },
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      // Claims challenges must reach the real credential.
      if (options?.claims) return inner.getToken(scopes, options);
      const key = `${options?.tenantId ?? ''}|${[scopes].flat().join(' ')}`;
      const cached = cache.get(key);
      if (cached && cached.expiresOnTimestamp - now() > REFRESH_MARGIN_MS) return cached;
      let inFlight = pending.get(key);
      if (!inFlight) {
        inFlight = inner.getToken(scopes, options).then((token) => {
          if (token) cache.set(key, token);
          else cache.delete(key);
          return token;
        }).finally(() => pending.delete(key));
        pending.set(key, inFlight);
      }
      return inFlight;
    },
  };
}
