/** Masks bearer tokens, JWTs and secret-looking query values wherever they might appear in text. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***')
    .replace(/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(\.[A-Za-z0-9_-]*)?/g, '***')
    .replace(/([?&](?:sig|signature|access_token|token|client_secret|code)=)[^&\s"]+/gi, '$1***');
}
