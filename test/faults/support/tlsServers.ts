/**
 * HTTPS servers with the certificate faults a user meets: self-signed (an unknown CA, like a
 * TLS-inspecting proxy), expired, and issued for another host name. The last two are signed by
 * the emulator's CA, which the test process trusts, so only the fault itself is wrong.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCertificates } from '../../../emulator/src/index';

export type CertificateFault = 'selfSigned' | 'expired' | 'wrongHost';

export interface FaultyTlsServer { url: string; stop(): Promise<void> }

function certificateFor(fault: CertificateFault): { cert: string; key: string } {
  const certs = ensureCertificates();
  const dir = mkdtempSync(join(tmpdir(), 'fleet-tls-'));
  const run = (args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }); };
  try {
    const host = fault === 'wrongHost' ? 'DNS:other.example' : 'IP:127.0.0.1, DNS:localhost';
    writeFileSync(join(dir, 'ext.cnf'), `[v3]\nbasicConstraints = critical, CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = ${host}\n`);
    if (fault === 'selfSigned') {
      run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', `subjectAltName = ${host}`]);
    } else {
      run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.csr', '-subj', fault === 'wrongHost' ? '/CN=other.example' : '/CN=127.0.0.1']);
      run(['x509', '-req', '-in', 'cert.csr', '-CA', certs.caPath, '-CAkey', join(certs.caPath, '..', 'ca-key.pem'), '-CAcreateserial',
        '-days', fault === 'expired' ? '-1' : '2', '-sha256', '-extfile', 'ext.cnf', '-extensions', 'v3', '-out', 'cert.pem']);
    }
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFaultyTlsServer(fault: CertificateFault): Promise<FaultyTlsServer> {
  const server: Server = createServer(certificateFor(fault), (_req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
