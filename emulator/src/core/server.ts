/**
 * The HTTPS listeners: parse each request, apply latency and faults, hand it to a cloud surface,
 * record it, write the answer.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultSet } from './faults';
import type { Random } from './random';
import { selectBody, selectHeaders, type RequestLog } from './requestLog';
import type { EmuRequest, EmuResponse, Fault, FaultKind, RecordedRequest } from './types';

export type ServiceName = RecordedRequest['service'];

export interface Surface {
  /** Which service a request belongs to and its route key for fault matching (see Fault.route). */
  classify(req: EmuRequest): { service: ServiceName; routeKey: string };
  handle(req: EmuRequest, service: ServiceName): Promise<EmuResponse>;
  /** The cloud's own error answer for a `status` / `throttle` fault. */
  faultResponse(fault: Fault, req: EmuRequest, service: ServiceName): EmuResponse;
  /** Called when a `tokenExpiry` fault fires, before the request is handled. */
  expireTokens?(): void;
}

export interface ListenerOptions {
  port: number;
  tls: { cert: string; key: string };
  surface: Surface;
  log: RequestLog;
  faults: FaultSet;
  latencyMs: number;
  jitterMs: number;
  random: Random;
}

export interface Listener {
  server: Server;
  port: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const OTHER_FAULTS: readonly FaultKind[] = ['status', 'throttle', 'reset', 'hang', 'malformed', 'tokenExpiry'];

function decodePath(pathname: string): string {
  return pathname.split('/').map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  }).join('/');
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try { return JSON.parse(text) as unknown; } catch { return undefined; }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, r: EmuResponse): void {
  const headers: Record<string, string | string[]> = { ...(r.headers ?? {}) };
  let body: string | Buffer = '';
  if (r.raw !== undefined) body = r.raw;
  else if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(r.status, headers);
  res.end(body);
}

export async function startListener(o: ListenerOptions): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server = createServer({ cert: o.tls.cert, key: o.tls.key }, (req, res) => {
    void serve(o, req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Clients that give up on a hanging answer or hit a reset must not crash the emulator.
  server.on('tlsClientError', () => undefined);
  server.on('clientError', (_e, s) => s.destroy());
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolveListen());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  return {
    server,
    port,
    close: () => new Promise<void>((resolveClose) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolveClose());
    }),
  };
}

async function serve(o: ListenerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawBody = await readBody(req).catch(() => Buffer.alloc(0));
  const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`);
  const emuReq: EmuRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: decodePath(url.pathname),
    headers: req.headers,
    rawBody,
    body: parseBody(rawBody, req.headers['content-type']),
  };
  const { service, routeKey } = o.surface.classify(emuReq);
  const record = (status: number, operation?: string, fault?: FaultKind) => {
    o.log.add({
      at: Date.now(),
      service,
      method: emuReq.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: selectHeaders(req.headers),
      body: selectBody(emuReq.body) ?? (rawBody.length ? rawBody.toString('utf8') : undefined),
      status,
      ...(operation !== undefined ? { operation } : {}),
      ...(fault !== undefined ? { fault } : {}),
      ...(req.socket.remotePort !== undefined ? { peer: `${req.socket.remoteAddress ?? ''}:${req.socket.remotePort}` } : {}),
    });
  };

  try {
    if (service !== 'control') {
      let delay = o.latencyMs;
      if (o.jitterMs > 0) delay += Math.round((o.random() * 2 - 1) * o.jitterMs);
      for (let f = o.faults.take(service, routeKey, ['latency']); f; f = o.faults.take(service, routeKey, ['latency'])) {
        delay += f.ms ?? 0;
      }
      if (delay > 0) await sleep(delay);
    }
    const fault = service === 'control' ? undefined : o.faults.take(service, routeKey, OTHER_FAULTS);
    if (fault?.kind === 'tokenExpiry') o.surface.expireTokens?.();
    const faulted = fault && fault.kind !== 'tokenExpiry' ? fault : undefined;

    if (faulted && (faulted.kind === 'status' || faulted.kind === 'throttle')) {
      const r = o.surface.faultResponse(faulted, emuReq, service);
      record(r.status, r.operation, faulted.kind);
      write(res, r);
      return;
    }
    const effectFirst = !faulted || faulted.afterEffect === true;
    const r = effectFirst ? await o.surface.handle(emuReq, service) : undefined;
    // A dropped answer carries an operation only when the request was handled (afterEffect):
    // tests read "status 0 with an operation" as "the effect happened".
    const droppedOp = r?.operation;
    if (faulted?.kind === 'reset') {
      record(0, droppedOp, 'reset');
      req.socket.destroy();
      return;
    }
    if (faulted?.kind === 'hang') {
      record(0, droppedOp, 'hang');
      return; // the socket stays open until the client gives up or the emulator stops
    }
    if (faulted?.kind === 'malformed') {
      record(200, droppedOp, 'malformed');
      write(res, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, raw: '{"value": [ {"id": "/subscriptions/' });
      return;
    }
    if (!r) throw new Error('no response');
    // The request that fired a token-expiry fault is the one refused for it.
    record(r.status, r.operation, fault?.kind === 'tokenExpiry' ? 'tokenExpiry' : undefined);
    write(res, r);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    record(500, undefined);
    if (!res.headersSent) write(res, { status: 500, json: { error: { code: 'InternalServerError', message: `Emulator error: ${message}` } } });
  }
}
