import type { FleetContext } from '../context';

export function showOutput(ctx: FleetContext): void {
  ctx.output.show();
}
