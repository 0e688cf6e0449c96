/** The one rule for which hosts may be reached over plain http: loopback only (a local emulator). */
import { isIP } from 'node:net';

/**
 * localhost, 127.0.0.0/8 and ::1. Not *.localhost: RFC 6761 reserves it, but the system
 * resolver may still send such a name to DNS, and a token must never travel in plain text to
 * wherever DNS points.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1';
  return false;
}
