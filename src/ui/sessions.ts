/**
 * One session per cloud: turns the settings and credentials into a client, caches it, and
 * forgets it when the settings or credentials change. Clients come from the lazily loaded
 * cloud bundle.
 */
import { homedir } from 'node:os';
import type * as vscode from 'vscode';
import type { AzureFleetClient } from '../cloud/azure/index';
import type { ResolvedVolcengineCredentials, VolcengineClient } from '../cloud/volcengine/index';
import { AzureConfigurationError, type AzureEndpoint, resolveAzureEndpoint } from '../fleet/endpoints/azure';
import { parseVolcengineEndpoint, VolcengineConfigError, type VolcengineEndpoint } from '../fleet/endpoints/volcengine';
import type { SecretMask } from '../fleet/redact';
import { type AzureSignInMethod, resolveAzureSignIn } from './auth/azureAuth';
import { loadCloud } from './cloudModule';
import type { FleetSettings } from './config';
import { credentialSourceDescription, credentialSourceName } from './credentialSource';
import { l10n } from './l10n';
import { proxyOf } from './proxySettings';
import { sessionTokenSource } from './sessionTokenSource';
import { describeAzureConfigurationError, describeVolcengineConfigError, UserFacingError } from './settingsErrors';

/** `{ proxy }` when VS Code (or the environment) names one. */
function optionalProxy(settings: FleetSettings, env: NodeJS.ProcessEnv = process.env): { proxy?: NonNullable<ReturnType<typeof proxyOf>> } {
  const proxy = proxyOf(settings, env);
  return proxy ? { proxy } : {};
}

export class AzureSession {
  private client: Promise<AzureFleetClient> | undefined;
  private signInSource: string | undefined;
  private signInMethod: AzureSignInMethod | undefined;

  constructor(private readonly settings: () => FleetSettings) {}

  get source(): string | undefined {
    return this.signInSource;
  }

  /** How the identity in use signs in (known once a client was made): how to sign in to one of its tenants. */
  get method(): AzureSignInMethod | undefined {
    return this.signInMethod;
  }

  /** Requests in flight at once when fanning out (the fleetPower.maxConcurrency setting). */
  get maxConcurrency(): number {
    return this.settings().maxConcurrency;
  }

  endpoint(): AzureEndpoint {
    const { cloud, resourceManagerEndpoint } = this.settings().azure;
    try {
      return resolveAzureEndpoint({ cloud, resourceManagerEndpoint });
    } catch (error) {
      if (error instanceof AzureConfigurationError) throw new UserFacingError(describeAzureConfigurationError(error), 'settings');
      throw error;
    }
  }

  invalidate(): void {
    this.client = undefined;
    this.signInSource = undefined;
    this.signInMethod = undefined;
  }

  /** Throws UserFacingError('signIn') when no identity is available. */
  getClient(interactive = false): Promise<AzureFleetClient> {
    if (interactive) this.client = undefined;
    this.client ??= this.createClient(interactive).catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async createClient(interactive: boolean): Promise<AzureFleetClient> {
    const endpoint = this.endpoint();
    const cloud = await loadCloud();
    const signIn = await resolveAzureSignIn(this.settings().azure.authentication, endpoint, cloud, interactive);
    if (!signIn) throw new UserFacingError(l10n.t('Not signed in to Azure.'), 'signIn');
    this.signInSource = signIn.source;
    this.signInMethod = signIn.method;
    return cloud.azure.createAzureFleetClient({
      endpoint: endpoint.endpoint, scope: endpoint.scope, credential: signIn.credential, maxConcurrency: this.settings().maxConcurrency,
      ...optionalProxy(this.settings()),
      // An account (VS Code, Azure CLI) spans tenants; a service principal has its own only.
      tenants: signIn.method === 'environment' ? 'credential' : 'account',
    });
  }
}

const SECRET_ACCESS_KEY_ID = 'fleetPower.volcengine.accessKeyId';
const SECRET_SECRET_KEY = 'fleetPower.volcengine.secretAccessKey';

export class VolcengineSession {
  private client: Promise<{ client: VolcengineClient; credentials: ResolvedVolcengineCredentials } | undefined> | undefined;
  private sourceDescription: string | undefined;
  private sourceName: string | undefined;

  constructor(
    private readonly settings: () => FleetSettings,
    private readonly secrets: vscode.SecretStorage,
    private readonly mask: SecretMask,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Which credential source is in use ("Secret Storage (access key ****ABCD)"); never the secret. */
  get source(): string | undefined {
    return this.sourceDescription;
  }

  /** The source's short name for the view's title bar ("Secret Storage"). */
  get sourceShort(): string | undefined {
    return this.sourceName;
  }

  endpoint(): VolcengineEndpoint {
    try {
      return parseVolcengineEndpoint(this.settings().volcengine.endpoint);
    } catch (error) {
      if (error instanceof VolcengineConfigError) throw new UserFacingError(describeVolcengineConfigError(error), 'settings');
      throw error;
    }
  }

  invalidate(): void {
    const previous = this.client;
    this.client = undefined;
    this.sourceDescription = undefined;
    this.sourceName = undefined;
    void previous?.then((c) => c?.client.dispose(), () => undefined);
  }

  async storeCredentials(accessKeyId: string, secretKey: string): Promise<void> {
    const cloud = await loadCloud();
    const normalized = cloud.volcengine.normalizeStoredCredentials(accessKeyId, secretKey);
    this.mask.register(normalized.secretKey);
    this.mask.register(normalized.accessKeyId);
    await this.secrets.store(SECRET_ACCESS_KEY_ID, normalized.accessKeyId);
    await this.secrets.store(SECRET_SECRET_KEY, normalized.secretKey);
    this.invalidate();
  }

  async clearCredentials(): Promise<void> {
    await this.secrets.delete(SECRET_ACCESS_KEY_ID);
    await this.secrets.delete(SECRET_SECRET_KEY);
    this.invalidate();
  }

  /** Undefined when no source has credentials (the view then shows the set-keys welcome). */
  getClient(): Promise<{ client: VolcengineClient; credentials: ResolvedVolcengineCredentials } | undefined> {
    this.client ??= this.createClient().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  async requireClient(): Promise<VolcengineClient> {
    const created = await this.getClient();
    if (!created) throw new UserFacingError(l10n.t('No Volcengine access key is set.'), 'setCredentials');
    return created.client;
  }

  private async readCredentialsAgain(): Promise<ResolvedVolcengineCredentials | undefined> {
    const cloud = await loadCloud();
    const accessKeyId = await this.secrets.get(SECRET_ACCESS_KEY_ID);
    const secretKey = await this.secrets.get(SECRET_SECRET_KEY);
    const stored = accessKeyId && secretKey ? { accessKeyId, secretKey } : undefined;
    const fresh = await cloud.volcengine.resolveVolcengineCredentials({ stored, env: this.env, homeDir: homedir() });
    if (fresh) for (const secret of [fresh.accessKeyId, fresh.secretKey, fresh.sessionToken]) this.mask.register(secret);
    return fresh;
  }

  private async createClient(): Promise<{ client: VolcengineClient; credentials: ResolvedVolcengineCredentials } | undefined> {
    const endpoint = this.endpoint();
    const cloud = await loadCloud();
    const accessKeyId = await this.secrets.get(SECRET_ACCESS_KEY_ID);
    const secretKey = await this.secrets.get(SECRET_SECRET_KEY);
    const stored = accessKeyId && secretKey ? { accessKeyId, secretKey } : undefined;
    const credentials = await cloud.volcengine.resolveVolcengineCredentials({ stored, env: this.env, homeDir: homedir() });
    if (!credentials) return undefined;
    this.mask.register(credentials.secretKey);
    this.mask.register(credentials.accessKeyId);
    this.mask.register(credentials.sessionToken);
    this.sourceDescription = credentialSourceDescription(credentials);
    this.sourceName = credentialSourceName(credentials);
    return { client: cloud.volcengine.createVolcengineClient({
      endpoint: endpoint.url, credentials, maxConcurrency: this.settings().maxConcurrency, ...optionalProxy(this.settings(), this.env),
      // A session (STS) token that expires is read again from its source (a refreshed ve profile), once per refusal.
      reloadCredentials: () => this.readCredentialsAgain(), credentialSource: sessionTokenSource(credentials),
    }), credentials };
  }
}
