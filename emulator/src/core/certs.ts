/**
 * Local TLS material for the emulator: a private CA and a server certificate for 127.0.0.1 / localhost
 * signed by it, made with the openssl CLI (no hand-rolled X.509). Clients trust the CA through
 * NODE_EXTRA_CA_CERTS (Node) or REQUESTS_CA_BUNDLE (Python / Azure CLI).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './paths';

export interface CertificateFiles {
  dir: string;
  caPath: string;
  certPath: string;
  keyPath: string;
  ca: string;
  cert: string;
  key: string;
}

/** `<repo>/.emulator/certs`, whatever the current directory. */
export function defaultCertDir(): string {
  return join(REPO_DIR, '.emulator', 'certs');
}

function filesIn(dir: string): CertificateFiles {
  const caPath = join(dir, 'ca.pem');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');
  return { dir, caPath, certPath, keyPath, ca: '', cert: '', key: '' };
}

/** Valid for at least another day, signed by our CA, and naming 127.0.0.1. */
function stillGood(f: CertificateFiles): boolean {
  if (!existsSync(f.caPath) || !existsSync(f.certPath) || !existsSync(f.keyPath)) return false;
  try {
    const ca = new X509Certificate(readFileSync(f.caPath));
    const server = new X509Certificate(readFileSync(f.certPath));
    const soon = Date.now() + 24 * 3600 * 1000;
    if (new Date(ca.validTo).getTime() < soon || new Date(server.validTo).getTime() < soon) return false;
    if (!server.verify(ca.publicKey) || !server.checkIP('127.0.0.1') || !server.checkHost('localhost')) return false;
    return ca.ca;
  } catch {
    return false;
  }
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates (or reuses, when still valid) the CA and server certificate in `dir`. */
export function ensureCertificates(dir: string = defaultCertDir()): CertificateFiles {
  const f = filesIn(dir);
  if (!stillGood(f)) {
    mkdirSync(dir, { recursive: true });
    // Build in a scratch folder and rename into place, so concurrent test processes never read half a set.
    const work = join(dir, `.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(work, { recursive: true });
    try {
      writeFileSync(join(work, 'ca.cnf'), [
        '[req]', 'distinguished_name = dn', 'prompt = no', 'x509_extensions = v3_ca',
        '[dn]', 'CN = Fleet Power Emulator Local CA', 'O = Fleet Power Emulator',
        '[v3_ca]', 'basicConstraints = critical, CA:TRUE, pathlen:0',
        'keyUsage = critical, keyCertSign, cRLSign', 'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid:always',
        '',
      ].join('\n'));
      writeFileSync(join(work, 'server.cnf'), [
        '[req]', 'distinguished_name = dn', 'prompt = no',
        '[dn]', 'CN = 127.0.0.1', 'O = Fleet Power Emulator',
        '[v3_server]', 'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth',
        'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid,issuer',
        'subjectAltName = IP:127.0.0.1, DNS:localhost, IP:::1',
        '',
      ].join('\n'));
      openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650', '-config', 'ca.cnf',
        '-keyout', 'ca-key.pem', '-out', 'ca.pem'], work);
      openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-config', 'server.cnf',
        '-keyout', 'server-key.pem', '-out', 'server.csr'], work);
      openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial',
        '-days', '825', '-sha256', '-extfile', 'server.cnf', '-extensions', 'v3_server', '-out', 'server.pem'], work);
      for (const name of ['ca-key.pem', 'server-key.pem', 'server.pem', 'ca.pem']) {
        renameSync(join(work, name), join(dir, name));
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return {
    ...f,
    ca: readFileSync(f.caPath, 'utf8'),
    cert: readFileSync(f.certPath, 'utf8'),
    key: readFileSync(f.keyPath, 'utf8'),
  };
}
