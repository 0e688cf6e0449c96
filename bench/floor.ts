/**
 * Round-trip floors: the least time any client can take, counted in round trips of the
 * injected latency, from the structure of the work (which requests depend on which) and the
 * concurrency bound (requests in flight at once).
 *
 * A list is a chain of pages (page k+1 needs page k's nextLink). A tree of lists (subscriptions
 * → scale sets → VM pages) has a critical path L = the longest chain from the root, and R
 * requests in all. With at most c requests in flight, each taking one round trip, no schedule
 * can finish sooner than max(L, root + ceil((R − root) / c)) round trips: the root pages must
 * come first and alone, and the rest moves at most c per round trip.
 */

export const pages = (items: number, pageSize: number): number => Math.max(1, Math.ceil(items / pageSize));

export interface ListingShape {
  /** Pages of the root list (subscriptions, regions). */
  rootPages: number;
  /** Per child of the root: its own pages, and its children's page counts. */
  children: { pages: number; leaves: number[] }[];
}

export interface Floor {
  /** Longest chain of dependent requests. */
  criticalPath: number;
  requests: number;
  /** Round trips with at most `bound` requests in flight. */
  roundTrips: number;
}

export function listingFloor(shape: ListingShape, bound: number): Floor {
  const chains = shape.children.map((c) => c.pages + Math.max(0, ...c.leaves));
  const criticalPath = shape.rootPages + Math.max(0, ...chains);
  const requests = shape.rootPages + shape.children.reduce((n, c) => n + c.pages + c.leaves.reduce((a, b) => a + b, 0), 0);
  const c = Math.max(1, bound);
  const roundTrips = Math.max(criticalPath, shape.rootPages + Math.ceil((requests - shape.rootPages) / c));
  return { criticalPath, requests, roundTrips };
}

/** Everything one after another: the floor is simply the request count. */
export function sequentialFloor(requests: number): Floor {
  return { criticalPath: requests, requests, roundTrips: requests };
}

/**
 * The same tree when the bound applies per child of the root (ARM throttles, and the client
 * bounds, each subscription on its own): children run alongside each other, each with at most
 * `bound` requests in flight, so a child's leaves take max(longest chain, ceil(its leaf pages / c))
 * round trips after its own pages.
 */
export function perChildFloor(shape: ListingShape, bound: number): Floor {
  const c = Math.max(1, bound);
  const whole = listingFloor(shape, c);
  const perChild = shape.children.map((child) => child.pages + Math.max(0, ...child.leaves, Math.ceil(child.leaves.reduce((a, b) => a + b, 0) / c)));
  return { criticalPath: whole.criticalPath, requests: whole.requests, roundTrips: shape.rootPages + Math.max(0, ...perChild) };
}
