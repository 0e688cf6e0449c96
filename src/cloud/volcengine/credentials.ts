/**
 * Where the Volcengine access key pair comes from, in a fixed order. Secrets are trimmed,
 * checked and never echoed: errors and descriptions name the source, not the value.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type VolcengineCredentialSource = 'secretStorage' | 'VOLCENGINE_ACCESS_KEY' | 'VOLC_ACCESSKEY' | 'veProfile';

export interface VolcengineCredentials {
  accessKeyId: string;
  secretKey: string;
  sessionToken?: string;
}

export interface ResolvedVolcengineCredentials extends VolcengineCredentials {
  source: VolcengineCredentialSource;
  /** veProfile only: the profile name and the file it came from. */
  profile?: string;
  file?: string;
}

export type CredentialsProblem =
  | 'incomplete'        // one half of the pair is missing or blank
  | 'invalidCharacters' // whitespace or control characters inside the value
  | 'unreadableProfile'; // the ve config file exists but is not valid JSON

/** A credential source is present but unusable. The message names the source and field only. */
export class VolcengineCredentialsError extends Error {
  override readonly name = 'VolcengineCredentialsError';
  constructor(
    readonly source: VolcengineCredentialSource,
    readonly problem: CredentialsProblem,
    readonly field?: 'accessKeyId' | 'secretKey' | 'sessionToken',
  ) {
    super(credentialsProblemMessage(source, problem, field));
  }
}

function credentialsProblemMessage(source: VolcengineCredentialSource, problem: CredentialsProblem, field?: string): string {
  const where = SOURCE_LABELS[source];
  switch (problem) {
    case 'incomplete': return `Volcengine credentials from ${where} are incomplete: ${field ?? 'a value'} is empty.`;
    case 'invalidCharacters': return `Volcengine credentials from ${where} are invalid: ${field ?? 'a value'} contains spaces or control characters.`;
    case 'unreadableProfile': return `The ve CLI configuration file could not be read as JSON; fix it or set credentials another way.`;
  }
}

const SOURCE_LABELS: Record<VolcengineCredentialSource, string> = {
  secretStorage: 'VS Code Secret Storage',
  VOLCENGINE_ACCESS_KEY: 'the VOLCENGINE_ACCESS_KEY / VOLCENGINE_SECRET_KEY environment variables',
  VOLC_ACCESSKEY: 'the VOLC_ACCESSKEY / VOLC_SECRETKEY environment variables',
  veProfile: 'the ve CLI profile',
};

/** Trim; blank → undefined; inner whitespace/control characters → error (a pasted key never has them). */
function clean(value: string | undefined, source: VolcengineCredentialSource, field: 'accessKeyId' | 'secretKey' | 'sessionToken'): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) throw new VolcengineCredentialsError(source, 'invalidCharacters', field);
  return trimmed;
}

function pair(
  source: VolcengineCredentialSource,
  rawAk: string | undefined,
  rawSk: string | undefined,
  rawToken: string | undefined,
): ResolvedVolcengineCredentials | undefined {
  const accessKeyId = clean(rawAk, source, 'accessKeyId');
  const secretKey = clean(rawSk, source, 'secretKey');
  if (accessKeyId === undefined && secretKey === undefined) return undefined; // source not configured
  if (accessKeyId === undefined) throw new VolcengineCredentialsError(source, 'incomplete', 'accessKeyId');
  if (secretKey === undefined) throw new VolcengineCredentialsError(source, 'incomplete', 'secretKey');
  const sessionToken = clean(rawToken, source, 'sessionToken');
  return sessionToken === undefined ? { source, accessKeyId, secretKey } : { source, accessKeyId, secretKey, sessionToken };
}

/**
 * The ve CLI (github.com/volcengine/volcengine-cli: cmd/configure.go `Configure`/`Profile`,
 * util/util.go `GetConfigFileDir` = <home>/.volcengine/, no override) keeps its profiles in
 * `~/.volcengine/config.json`:
 *   { "current": "default", "profiles": { "default": { "name", "mode": "ak", "access-key",
 *     "secret-key", "session-token", "region", … } } }
 * Only AK-mode profiles (mode "ak" or empty) hold a static key pair; SSO/console-login profiles
 * exchange a session at call time and are not usable here.
 */
function veConfigPath(homeDir: string): string {
  return join(homeDir, '.volcengine', 'config.json');
}

function stringField(o: unknown, key: string): string | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const v = (o as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

async function fromVeProfile(homeDir: string): Promise<ResolvedVolcengineCredentials | undefined> {
  const file = veConfigPath(homeDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined; // no CLI configuration: not an error
  }
  if (text.trim() === '') return undefined;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new VolcengineCredentialsError('veProfile', 'unreadableProfile');
  }
  const current = stringField(config, 'current');
  const profiles = typeof config === 'object' && config !== null ? (config as Record<string, unknown>).profiles : undefined;
  if (!current || typeof profiles !== 'object' || profiles === null) return undefined;
  const profile = (profiles as Record<string, unknown>)[current];
  if (typeof profile !== 'object' || profile === null) return undefined;
  const mode = (stringField(profile, 'mode') ?? '').trim().toLowerCase();
  if (mode !== '' && mode !== 'ak') return undefined;
  const resolved = pair('veProfile', stringField(profile, 'access-key'), stringField(profile, 'secret-key'), stringField(profile, 'session-token'));
  return resolved ? { ...resolved, profile: current, file } : undefined;
}

/**
 * First usable source wins: Secret Storage, VOLCENGINE_ACCESS_KEY/…, VOLC_ACCESSKEY/…, the ve CLI
 * profile. A source that is set but broken throws (so the user fixes it rather than silently
 * acting with another identity). Undefined when nothing is configured.
 */
export async function resolveVolcengineCredentials(input: {
  stored?: { accessKeyId: string; secretKey: string };
  env: NodeJS.ProcessEnv;
  homeDir: string;
}): Promise<ResolvedVolcengineCredentials | undefined> {
  const { stored, env } = input;
  if (stored) {
    const r = pair('secretStorage', stored.accessKeyId, stored.secretKey, undefined);
    if (r) return r;
  }
  const volcengineEnv = pair('VOLCENGINE_ACCESS_KEY', env.VOLCENGINE_ACCESS_KEY, env.VOLCENGINE_SECRET_KEY, env.VOLCENGINE_SESSION_TOKEN);
  if (volcengineEnv) return volcengineEnv;
  const sdkEnv = pair('VOLC_ACCESSKEY', env.VOLC_ACCESSKEY, env.VOLC_SECRETKEY, undefined);
  if (sdkEnv) return sdkEnv;
  return fromVeProfile(input.homeDir);
}

/**
 * Validate a pair typed by the user before it is stored. Returns the trimmed pair or throws
 * VolcengineCredentialsError (source 'secretStorage').
 */
export function normalizeStoredCredentials(accessKeyId: string, secretKey: string): { accessKeyId: string; secretKey: string } {
  const r = pair('secretStorage', accessKeyId, secretKey, undefined);
  if (!r) throw new VolcengineCredentialsError('secretStorage', 'incomplete', 'accessKeyId');
  return { accessKeyId: r.accessKeyId, secretKey: r.secretKey };
}

/** Only the last four characters of the access key id, never the secret. */
function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '****' : `****${accessKeyId.slice(-4)}`;
}

/** For tooltips and the output channel: which source is in use. Never contains the secret. */
export function describeSource(c: Pick<ResolvedVolcengineCredentials, 'source' | 'profile' | 'accessKeyId' | 'sessionToken'>): string {
  const base = c.source === 'veProfile' && c.profile ? `${SOURCE_LABELS.veProfile} "${c.profile}"` : SOURCE_LABELS[c.source];
  return `${base} (access key ${maskAccessKeyId(c.accessKeyId)}${c.sessionToken ? ', with session token' : ''})`;
}
