/**
 * Masks credentials in any text bound for the output channel, a message or an error: bearer
 * tokens, JWTs, signed query values, signature parts, and the exact secrets registered at the
 * moment they were read. The one redaction rule for both clouds and the UI.
 */

/** Masks what looks like a secret, without knowing any secret. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***')
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(\.[A-Za-z0-9_-]*)?/g, '***')
    .replace(/([?&](?:sig|signature|access_token|token|client_secret|code)=)[^&\s"]+/gi, '$1***')
    .replace(/(Credential=)[^/,\s]+/g, '$1***')
    .replace(/(Signature=)[0-9a-fA-F]+/g, '$1***')
    .replace(/((?:secret|password|accessKeySecret|SecretAccessKey|client_secret)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, '$1***');
}

export class SecretMask {
  private readonly known = new Set<string>();

  /** Remember a secret so it is masked wherever it would appear. Short values are ignored (they would mask ordinary words). */
  register(secret: string | undefined): void {
    const value = secret?.trim();
    if (value && value.length >= 8) this.known.add(value);
  }

  mask(text: string): string {
    let out = redactSecrets(text);
    for (const secret of this.known) out = out.split(secret).join('***');
    return out;
  }
}
