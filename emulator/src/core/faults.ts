/** Fault injection: scoped by service and route, consumed by count. */
import type { Fault } from './types';

interface ArmedFault { fault: Fault; remaining: number }

/** Faults taken when a long-running operation starts (they shape its course), not when any request arrives. */
export const LRO_FAULT_KINDS: readonly Fault['kind'][] = ['lroFail', 'lroCancel', 'lroNoContent', 'lroOddBody', 'lroStuck', 'actionNoContent'];

export class FaultSet {
  private armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    this.armed.push({ fault, remaining: fault.count ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /**
   * The first armed fault matching the request, consumed once. `kinds` limits the search (the LRO
   * faults are taken when an operation starts, not when any request arrives).
   */
  take(service: NonNullable<Fault['service']>, routeKey: string, kinds?: readonly Fault['kind'][]): Fault | undefined {
    for (const a of this.armed) {
      if (a.remaining <= 0) continue;
      if (kinds && !kinds.includes(a.fault.kind)) continue;
      if (!kinds && LRO_FAULT_KINDS.includes(a.fault.kind)) continue;
      if (a.fault.service !== undefined && a.fault.service !== service) continue;
      if (!matches(a.fault.route, routeKey)) continue;
      a.remaining -= 1;
      this.armed = this.armed.filter((x) => x.remaining > 0);
      return a.fault;
    }
    return undefined;
  }
}

function matches(route: Fault['route'], key: string): boolean {
  if (route === undefined) return true;
  if (typeof route === 'string') return key.toLowerCase().includes(route.toLowerCase());
  // Route keys are `${METHOD} ${path}`; a pattern written in lower case still matches.
  route.lastIndex = 0;
  if (route.test(key)) return true;
  route.lastIndex = 0;
  return route.test(key.toLowerCase());
}
