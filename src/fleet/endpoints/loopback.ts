/** The one rule for which hosts may be reached over plain http: loopback only (a local emulator). */
import { isIP } from 'node:net';

/** localhost, *.localhost (RFC 6761 reserves it for loopback), 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1';
  return false;
}
