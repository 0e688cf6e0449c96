/** The proxy both clouds' clients are built with, from VS Code's http.proxy / http.noProxy (or the environment). */
import { type ProxyConfig, ProxySettingError, resolveProxy } from '../fleet/proxy';
import type { FleetSettings } from './config';
import { l10n } from './l10n';
import { UserFacingError } from './settingsErrors';

export function proxyOf(settings: Pick<FleetSettings, 'proxy'>, env: NodeJS.ProcessEnv = process.env): ProxyConfig | undefined {
  try {
    return resolveProxy({ setting: settings.proxy.url, noProxy: settings.proxy.noProxy, env });
  } catch (error) {
    if (error instanceof ProxySettingError) throw new UserFacingError(l10n.t('VS Code\'s http.proxy setting is not a usable proxy URL. Set it to http://<host>:<port> (or clear it).'), 'settings');
    throw error;
  }
}
