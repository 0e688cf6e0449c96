/**
 * A TokenCredential that asks the emulator's managed-identity endpoint once per scope and
 * reuses the token until shortly before it expires — what a VS Code account session gives the
 * extension. It keeps sign-in cost out of the listing numbers; `fetches` tells how often it asked.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { fetchToken } from './naive';

export class CachedMsiCredential implements TokenCredential {
  fetches = 0;
  private readonly cache = new Map<string, Promise<AccessToken>>();

  constructor(private readonly endpoint: string, private readonly secret: string) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0] ?? '' : scopes;
    const cached = this.cache.get(scope);
    if (cached) {
      const t = await cached;
      if (t.expiresOnTimestamp - Date.now() > 5 * 60_000) return t;
    }
    const fresh = (async (): Promise<AccessToken> => {
      this.fetches++;
      const { token, expiresOn } = await fetchToken(this.endpoint, this.secret, scope.replace(/\/\.default$/, ''));
      return { token, expiresOnTimestamp: expiresOn };
    })();
    this.cache.set(scope, fresh);
    return fresh;
  }
}
