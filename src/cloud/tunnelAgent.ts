/**
 * Both clouds' traffic through the proxy VS Code is configured with (http.proxy): an HTTP
 * agent that opens a CONNECT tunnel through the proxy for every connection and runs TLS to the
 * cloud inside it, so the proxy sees only host names and the certificate is the cloud's own.
 * The Azure SDK takes it per request (the ARM pipeline policy), the Volcengine SDK as its
 * axios agent. A proxy that refuses, or asks for credentials, fails with a coded error
 * (ProxyRefused, ProxyAuthenticationRequired) that says so, never with a misleading HTTP answer.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { ClientRequest } from 'node:http';
import { Agent, type AgentConnectOpts } from 'agent-base';
import type { ProxyConfig } from '../fleet/proxy';

export class ProxyConnectError extends Error {
  override readonly name = 'ProxyConnectError';
  constructor(readonly code: 'ProxyRefused' | 'ProxyAuthenticationRequired', message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const MAX_HEADER_BYTES = 16 * 1024;

/** Reads the proxy's answer to CONNECT up to the blank line; resolves with its status code. */
function readConnectAnswer(socket: net.Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
    };
    const onError = (error: Error): void => { cleanup(); reject(error); };
    const onEnd = (): void => { cleanup(); reject(new ProxyConnectError('ProxyRefused', 'The proxy closed the connection without answering CONNECT.')); };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > MAX_HEADER_BYTES) onError(new ProxyConnectError('ProxyRefused', 'The proxy answered CONNECT with an oversized header.'));
        return;
      }
      cleanup();
      // Anything after the header belongs to the tunnel (the server speaks first in no protocol used here).
      const rest = buffered.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(buffered.subarray(0, end).toString('latin1'))?.[1] ?? NaN);
      resolve(status);
    };
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
  });
}

export class TunnelAgent extends Agent {
  constructor(private readonly proxy: ProxyConfig, options: { keepAlive?: boolean; maxSockets?: number; timeout?: number } = {}) {
    super(options);
  }

  async connect(_req: ClientRequest, options: AgentConnectOpts): Promise<net.Socket> {
    const host = options.host ?? 'localhost';
    const port = options.port ?? (options.secureEndpoint ? 443 : 80);
    if (this.proxy.bypass(host)) return options.secureEndpoint ? tls.connect(options) : net.connect(options);
    const socket = this.proxy.protocol === 'https:'
      ? tls.connect({ host: this.proxy.host, port: this.proxy.port, servername: this.proxy.host })
      : net.connect({ host: this.proxy.host, port: this.proxy.port });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once(this.proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => { socket.off('error', reject); resolve(); });
        socket.once('error', reject);
      });
    } catch (error) {
      socket.destroy();
      throw new ProxyConnectError('ProxyRefused', `The proxy ${this.proxy.display} refused the connection.`, { cause: error });
    }
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const authorization = this.proxy.authorization ? `Proxy-Authorization: ${this.proxy.authorization}\r\n` : '';
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${authorization}\r\n`);
    let status: number;
    try {
      status = await readConnectAnswer(socket);
    } catch (error) {
      socket.destroy();
      throw error instanceof ProxyConnectError ? error : new ProxyConnectError('ProxyRefused', `The proxy ${this.proxy.display} dropped the tunnel to ${target}.`, { cause: error });
    }
    if (status !== 200) {
      socket.destroy();
      if (status === 407) throw new ProxyConnectError('ProxyAuthenticationRequired', `The proxy ${this.proxy.display} asks for credentials (HTTP 407).`);
      throw new ProxyConnectError('ProxyRefused', `The proxy ${this.proxy.display} refused the tunnel to ${target} (HTTP ${Number.isNaN(status) ? '?' : status}).`);
    }
    if (!options.secureEndpoint) return socket;
    // `host` stays in the options: TLS checks the certificate against it.
    return tls.connect({ ...options, socket, ...(net.isIP(host) ? {} : { servername: options.servername ?? host }) });
  }
}
