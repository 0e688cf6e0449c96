/**
 * Masks credentials in any text bound for the output channel or a message: bearer tokens,
 * JWTs, signed query values, and the exact secrets the extension holds (registered at
 * the moment they are read). No 'vscode' import.
 */
import { redactSecrets } from '../cloud/azure/redact';

export class SecretMask {
  private readonly known = new Set<string>();

  /** Remember a secret so it is masked wherever it would appear. Short values are ignored (they would mask ordinary words). */
  register(secret: string | undefined): void {
    const value = secret?.trim();
    if (value && value.length >= 8) this.known.add(value);
  }

  mask(text: string): string {
    let out = redactSecrets(text)
      .replace(/(Credential=)[^/,\s]+/g, '$1***')
      .replace(/(Signature=)[0-9a-fA-F]+/g, '$1***')
      .replace(/((?:secret|password|accessKeySecret|SecretAccessKey|client_secret)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1***');
    for (const secret of this.known) out = out.split(secret).join('***');
    return out;
  }
}
