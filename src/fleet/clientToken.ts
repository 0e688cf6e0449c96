/**
 * Volcengine ClientTokens: one per user action, reused for every retry of that action, so the
 * server applies the action once. The one generator and the one validity rule.
 */
import { createHash, randomUUID } from 'node:crypto';

export const MAX_CLIENT_TOKEN_LENGTH = 64;

export class ClientTokenError extends Error {
  override readonly name = 'ClientTokenError';
  constructor(readonly problem: 'empty' | 'tooLong' | 'notAscii', message: string) {
    super(message);
  }
}

/** A fresh idempotency token for one user action: `fp-<uuid>` (39 ASCII characters). */
export function newClientToken(): string {
  return `fp-${randomUUID()}`;
}

/** ClientToken: 1–64 printable ASCII characters (the API's rule; spaces are refused too). */
export function validateClientToken(token: string): string {
  if (token.length === 0) throw new ClientTokenError('empty', 'The ClientToken is empty.');
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ClientTokenError('notAscii', 'The ClientToken may only contain printable ASCII characters (no spaces).');
  if (token.length > MAX_CLIENT_TOKEN_LENGTH) {
    throw new ClientTokenError('tooLong', `The ClientToken is ${token.length} characters long; the limit is ${MAX_CLIENT_TOKEN_LENGTH}.`);
  }
  return token;
}

/**
 * The token for one call of a multi-call action (`${token}-b2`, `${token}-c7`): deterministic,
 * so a retried or resumed action sends exactly the same tokens; still ≤ 64 characters.
 */
export function deriveClientToken(token: string, tag: 'b' | 'c', n: number): string {
  const suffix = `-${tag}${n}`;
  if (token.length + suffix.length <= MAX_CLIENT_TOKEN_LENGTH) return `${token}${suffix}`;
  const digest = createHash('sha256').update(token).digest('hex');
  return `${digest.slice(0, MAX_CLIENT_TOKEN_LENGTH - suffix.length)}${suffix}`;
}
