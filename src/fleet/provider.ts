/**
 * The provider contract: what one cloud contributes to the engine. The static part (its
 * operation kinds with their options, how its targets are identified) is plain data in
 * src/fleet/clouds.ts; the drivers come from src/cloud/<cloud> and may be loaded on first use.
 * The engine keeps providers in a map by kind and never asks "which cloud is this?".
 */
import type { OperationDriver } from './driver';
import type { CloudErrorInfo, CloudId, OperationKind, OptionsOf } from './model';

export interface OperationSpec<K extends OperationKind = OperationKind> {
  readonly kind: K;
  /**
   * Reads the options of a journaled record, written by this version or an earlier one;
   * undefined when they cannot be read (the record is then not resumed).
   */
  readOptions(raw: unknown): OptionsOf<K> | undefined;
  /** False for a check that changes nothing (DryRun): its nodes are not shown as changing. */
  changesState(options: OptionsOf<K>): boolean;
}

/** An OperationSpec of any kind. */
export type AnyOperationSpec = { [K in OperationKind]: OperationSpec<K> }[OperationKind];

/** What is known about a cloud without its SDK. */
export interface CloudDescriptor {
  readonly cloud: CloudId;
  readonly operations: readonly AnyOperationSpec[];
  /** Two target ids name the same target when their keys are equal (ARM ids are case-insensitive). */
  readonly targetKey: (id: string) => string;
}

export interface CloudProvider extends CloudDescriptor {
  /**
   * The driver for one of this cloud's kinds. May load the SDK and sign in; a rejection
   * means nothing was sent and becomes the operation's outcome through describeFailure.
   */
  driver(kind: OperationKind): Promise<OperationDriver>;
  /** A secret-free description of a failure to get a driver (not signed in, a bad setting). */
  describeFailure(error: unknown): CloudErrorInfo;
}

/** A provider whose drivers come from `load` (called once per kind until it succeeds). */
export function cloudProvider(
  descriptor: CloudDescriptor,
  load: () => OperationDriver[] | Promise<OperationDriver[]>,
  describeFailure: (error: unknown) => CloudErrorInfo = (error) => setupFailure(descriptor.cloud, error),
): CloudProvider {
  return {
    ...descriptor,
    async driver(kind) {
      const found = (await load()).find((d) => d.kind === kind);
      if (!found) throw new Error(`No driver for operation kind ${kind}.`);
      return found;
    },
    describeFailure,
  };
}

/** The default description of a setup failure: a thrown error's message, nothing more. */
function setupFailure(cloud: CloudId, error: unknown): CloudErrorInfo {
  const message = error instanceof Error ? error.message : String(error);
  const fix = error instanceof Error && 'fix' in error ? (error as { fix: unknown }).fix : undefined;
  const signIn = fix === 'signIn' || fix === 'setCredentials';
  return { cloud, code: signIn ? 'NotSignedIn' : 'SetupFailed', message, category: signIn ? 'authentication' : 'invalidInput' };
}
