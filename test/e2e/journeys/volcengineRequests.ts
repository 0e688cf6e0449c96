/** The parameters of a Volcengine request the emulator logged, wherever the SDK put them (query, or a JSON / form body). */
import type { RecordedRequest } from '../../../emulator/src/index';

export function volcParams(r: RecordedRequest): Record<string, string> {
  const body = r.body && typeof r.body === 'object' ? (r.body as Record<string, unknown>) : {};
  return { ...r.query, ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) };
}
