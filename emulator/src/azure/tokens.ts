/**
 * Bearer tokens: HMAC-signed JWTs carrying `tid`, `aud`, `exp` (and, for the emulated user, `amr`) like
 * Entra ID access tokens, issued by the managed-identity endpoint and the emulated sign-in endpoints
 * (identity.ts), and checked on every ARM call.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** ARM audiences of every cloud (azure-sdk-for-go cloud.go / the ARM metadata endpoint). */
const ARM_AUDIENCES = [
  'https://management.azure.com', 'https://management.core.windows.net',
  'https://management.chinacloudapi.cn', 'https://management.core.chinacloudapi.cn',
  'https://management.usgovcloudapi.net', 'https://management.core.usgovcloudapi.net',
];

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  tid: string;
  oid: string;
  sub: string;
  appid: string;
  /** 'app' for the managed identity, 'user' for the emulated user's tokens. */
  idtyp: 'app' | 'user';
  /**
   * How the user signed in (Entra's `amr`): ['pwd'], or ['pwd', 'mfa'] after multi-factor
   * authentication. The emulator's choice of how a token says it had MFA (see README).
   */
  amr?: string[];
  /** The user's sign-in name (user tokens only). */
  upn?: string;
  uti: string;
  /** Issue serial; tokens below the revocation mark count as expired (tokenExpiry fault). */
  xms_emu_serial: number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; code: 'AuthenticationFailed' | 'InvalidAuthenticationToken' | 'ExpiredAuthenticationToken' | 'InvalidAuthenticationTokenAudience'; message: string; description: string };

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** .NET style UTC time as ARM prints it in ExpiredAuthenticationToken. */
function armTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

export class TokenAuthority {
  private readonly secret = randomBytes(32);
  private serial = 0;
  private revokedBelow = 0;
  readonly principalId = randomUUID();

  constructor(readonly tenantId: string, private ownBaseUrl: string, private readonly lifetimeSeconds: number) {}

  setOwnBaseUrl(url: string): void {
    this.ownBaseUrl = url;
  }

  /** Normalised audience for a requested resource or scope. */
  static audienceOf(resource: string): string {
    return resource.replace(/\/\.default$/, '').replace(/\/+$/, '');
  }

  /** The emulated user's object id (one user, a member or guest of every tenant of the fleet). */
  readonly userId = randomUUID();

  /** A managed-identity token (no options) or, with `user`, the emulated user's token for `tenantId`. */
  issue(resource: string, tenantId: string = this.tenantId, user?: { amr: string[]; appid: string; upn: string }): { token: string; claims: TokenClaims } {
    const now = Math.floor(Date.now() / 1000);
    const principal = user ? this.userId : this.principalId;
    const claims: TokenClaims = {
      aud: TokenAuthority.audienceOf(resource) + '/',
      iss: `https://sts.windows.net/${tenantId}/`,
      iat: now, nbf: now, exp: now + this.lifetimeSeconds,
      tid: tenantId, oid: principal, sub: principal, appid: user?.appid ?? this.principalId,
      idtyp: user ? 'user' : 'app',
      ...(user ? { amr: [...user.amr], upn: user.upn } : {}),
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      xms_emu_serial: ++this.serial,
    };
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256', kid: 'fleet-power-emulator' }));
    const body = b64url(JSON.stringify(claims));
    const sig = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
    return { token: `${head}.${body}.${sig}`, claims };
  }

  /** An opaque, tamper-proof string carrying `payload` (the emulated refresh tokens and authorization codes). */
  seal(kind: string, payload: object): string {
    const body = b64url(JSON.stringify({ kind, ...payload }));
    return `${body}.${createHmac('sha256', this.secret).update(`${kind}.${body}`).digest('base64url')}`;
  }

  /** The payload of a string `seal` made for `kind`; undefined when it was not (forged, truncated, another kind). */
  unseal<T extends object>(kind: string, sealed: string): T | undefined {
    const [body, sig, extra] = sealed.split('.');
    if (!body || !sig || extra !== undefined) return undefined;
    const expected = createHmac('sha256', this.secret).update(`${kind}.${body}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { kind?: unknown } & T;
      return parsed.kind === kind ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** Every token issued so far is treated as expired from now on. */
  expireAll(): void {
    this.revokedBelow = this.serial + 1;
  }

  check(authorization: string | undefined): TokenCheck {
    if (!authorization) {
      return { ok: false, code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing.", description: "The authentication failed because of missing 'Authorization' header." };
    }
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m?.[1]) {
      return { ok: false, code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is provided in an invalid format.", description: "The authentication failed because of invalid 'Authorization' header format." };
    }
    const invalid: TokenCheck = { ok: false, code: 'InvalidAuthenticationToken', message: 'The access token is invalid.', description: 'The access token is invalid.' };
    const parts = m[1].split('.');
    if (parts.length !== 3) return invalid;
    const [head, body, sig] = parts as [string, string, string];
    const expected = createHmac('sha256', this.secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
    let claims: TokenClaims;
    try { claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims; } catch { return invalid; }
    const nowMs = Date.now();
    if (claims.exp * 1000 <= nowMs || claims.xms_emu_serial < this.revokedBelow) {
      const expiredAt = claims.exp * 1000 <= nowMs ? claims.exp * 1000 : Math.min(claims.exp * 1000, nowMs - 1000);
      return {
        ok: false, code: 'ExpiredAuthenticationToken',
        message: `The access token expiry UTC time '${armTime(expiredAt)}' is earlier than current UTC time '${armTime(nowMs)}'.`,
        description: 'The access token expiry UTC time is earlier than current UTC time.',
      };
    }
    const aud = TokenAuthority.audienceOf(claims.aud).toLowerCase();
    const allowed = [...ARM_AUDIENCES, TokenAuthority.audienceOf(this.ownBaseUrl)].map((a) => a.toLowerCase());
    if (!allowed.includes(aud)) {
      return {
        ok: false, code: 'InvalidAuthenticationTokenAudience',
        message: `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences '${ARM_AUDIENCES.flatMap((a) => [a + '/', a]).join("','")}'.`,
        description: 'The access token has been obtained for wrong audience or resource.',
      };
    }
    return { ok: true, claims };
  }
}
