/**
 * Counts every HTTP(S) request this process starts, whatever library sends it (the Azure SDK,
 * axios under the Volcengine SDK, anything else), through Node's own diagnostics channel.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

export interface OutgoingRequest { host: string; method: string; path: string }

interface ClientRequestLike { host?: string; method?: string; path?: string; getHeader?(name: string): unknown }

export class RequestCounter {
  readonly seen: OutgoingRequest[] = [];
  private readonly onStart = (message: unknown): void => {
    const request = (message as { request?: ClientRequestLike }).request;
    if (!request) return;
    const hostHeader = request.getHeader?.('host');
    this.seen.push({
      host: typeof hostHeader === 'string' ? hostHeader : request.host ?? '',
      method: request.method ?? '',
      path: request.path ?? '',
    });
  };

  start(): this {
    subscribe('http.client.request.start', this.onStart);
    return this;
  }

  stop(): void {
    unsubscribe('http.client.request.start', this.onStart);
  }

  /** Requests since `from` (an index into seen). */
  since(from: number): OutgoingRequest[] {
    return this.seen.slice(from);
  }

  get count(): number {
    return this.seen.length;
  }
}
