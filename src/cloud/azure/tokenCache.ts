import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/** Refresh this long before expiry, so a token never expires in the middle of a request. */
const REFRESH_MARGIN_MS = 2 * 60 * 1000;

/**
 * Shares tokens between the fleet client's SDK clients (one per subscription, plus one
 * subscriptions client per tenant) so each does not start its own `az` process or sign-in round
 * trip. Tokens are kept per tenant and scope; concurrent requests for the same pair wait for one fetch.
 */
interface CachingCredential extends TokenCredential {
  /** Forget cached tokens (after the server said a token expired or is invalid). */
  invalidate(): void;
}

export function cachingCredential(inner: TokenCredential, now: () => number = Date.now): CachingCredential {
  const cache = new Map<string, AccessToken>();
  const pending = new Map<string, Promise<AccessToken | null>>();
  /** The token each claims challenge was answered with, by tenant, scope and claims. */
  const steppedUp = new Map<string, AccessToken>();
  return {
    invalidate() {
      cache.clear();
      steppedUp.clear();
    },
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = `${options?.tenantId ?? ''}|${[scopes].flat().join(' ')}`;
      if (options?.claims) {
        // A claims challenge (MFA step-up) must reach the real credential, once: requests that
        // got the same challenge meanwhile share that sign-in. The token it gives replaces the
        // cached one, so every later request of that tenant carries it too.
        const challengeKey = `${key}|${options.claims}`;
        const earlier = steppedUp.get(challengeKey);
        if (earlier && earlier.expiresOnTimestamp - now() > REFRESH_MARGIN_MS) return earlier;
        let signIn = pending.get(challengeKey);
        if (!signIn) {
          signIn = inner.getToken(scopes, options).then((token) => {
            if (token) {
              cache.set(key, token);
              steppedUp.set(challengeKey, token);
            }
            return token;
          }).finally(() => pending.delete(challengeKey));
          pending.set(challengeKey, signIn);
        }
        return signIn;
      }
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
