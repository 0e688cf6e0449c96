/**
 * A local HTTP proxy that only tunnels (CONNECT), as corporate proxies do, and remembers every
 * tunnel with the local port of its upstream socket: the emulator's request log names each
 * request's peer, so a test can tell a request that came through the proxy from one that did
 * not. It can also refuse every tunnel with a status (403, 407) to play a proxy that says no.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface Tunnel { target: string; upstream: string; at: number }

export interface ConnectProxy {
  url: string;
  port: number;
  tunnels: Tunnel[];
  /** Plain (non-CONNECT) requests it was sent: a client that does not tunnel. */
  plainRequests: string[];
  /** Answer every CONNECT with this status instead of tunnelling (undefined: tunnel). */
  refuseWith: number | undefined;
  /** Whether a request the emulator logged from `peer` came through one of this proxy's tunnels. */
  carried(peer: string | undefined): boolean;
  stop(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const sockets = new Set<Socket>();
  const upstreams = new Set<string>();
  const server: Server = createServer((req, res) => {
    proxy.plainRequests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(405, { 'Content-Type': 'text/plain' }).end('This proxy only tunnels (CONNECT).');
  });
  server.on('connection', (socket) => { sockets.add(socket); socket.once('close', () => sockets.delete(socket)); });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    if (proxy.refuseWith !== undefined) {
      const reason = proxy.refuseWith === 407 ? 'Proxy Authentication Required' : 'Forbidden';
      client.end(`HTTP/1.1 ${proxy.refuseWith} ${reason}\r\n${proxy.refuseWith === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : ''}Content-Length: 0\r\n\r\n`);
      return;
    }
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
    if (!match) {
      client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect({ host: match[1], port: Number(match[2]) }, () => {
      const local = `${upstream.localAddress ?? ''}:${upstream.localPort ?? 0}`;
      upstreams.add(local);
      proxy.tunnels.push({ target, upstream: local, at: Date.now() });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: ConnectProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels: [],
    plainRequests: [],
    refuseWith: undefined,
    carried: (peer) => peer !== undefined && upstreams.has(peer.replace(/^::ffff:/, '')),
    stop: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
  return proxy;
}
