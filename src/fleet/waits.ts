/**
 * A wait before the next attempt of a throttled request, in the domain's words: how long, and
 * whether the cloud named that wait (Retry-After) or it is our own back-off. Operations report
 * it as their `waiting` event; listings report it to whoever asked for the list.
 */
export interface ThrottleWait {
  waitSeconds: number;
  /** True when the answer carried Retry-After (the wait is the cloud's); false for our own back-off. */
  askedByCloud: boolean;
  /** The cloud's code for the refusal (FlowLimitExceeded, OperationNotAllowed/TooManyRequests…). */
  code?: string;
  requestId?: string;
  httpStatus?: number;
}

export type ThrottleListener = (wait: ThrottleWait) => void;
