/** One run (or resume) of a driver, which always ends in an outcome the engine can record. */
import type { DriverOutcome, OperationContext, OperationDriver } from './driver';
import type { CloudErrorInfo, OperationRecord } from './model';
import type { CloudProvider } from './provider';

/** The driver's outcome; a failure to get the driver, or a driver that throws, still ends in one. */
export async function runDriver(record: OperationRecord, provider: CloudProvider, ctx: OperationContext, resuming: boolean): Promise<DriverOutcome> {
  let driver: OperationDriver;
  try {
    driver = await provider.driver(record.kind);
  } catch (err) {
    const error = provider.describeFailure(err);
    // Before a reload something may have been sent: the outcome is unknown, not "not sent".
    return resuming ? { end: 'done', error } : { end: 'refused', error };
  }
  try {
    return resuming ? await driver.resume(record, ctx) : await driver.run(record, ctx);
  } catch (err) {
    // Drivers promise not to throw; if one does, the user still gets an outcome.
    const error: CloudErrorInfo = { cloud: record.cloud, code: 'InternalError', message: err instanceof Error ? err.message : String(err), category: 'unknown' };
    for (const [id, result] of Object.entries(record.results)) {
      if (result.status === 'pending') ctx.setResult(id, { status: 'failed', code: error.code, message: error.message });
    }
    return { end: 'done', error };
  }
}
