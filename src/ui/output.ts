/** The "Fleet Power" log output channel: operation events as they happen, errors in full, secrets masked. */
import * as vscode from 'vscode';
import type { CloudErrorInfo, OperationEvent, OperationRecord } from '../fleet/model';
import { OUTPUT_CHANNEL_NAME } from './commands/ids';
import { formatCloudError, formatEvent, type LogLevel } from './outputFormat';
import type { SecretMask } from '../fleet/redact';

export class FleetOutput implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor(private readonly mask: SecretMask) {
    this.channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  }

  show(): void {
    this.channel.show(true);
  }

  log(level: LogLevel, text: string): void {
    const masked = this.mask.mask(text);
    if (level === 'error') this.channel.error(masked);
    else if (level === 'warn') this.channel.warn(masked);
    else this.channel.info(masked);
  }

  event(record: OperationRecord, event: OperationEvent): void {
    for (const line of formatEvent(record, event)) this.log(line.level, line.text);
  }

  cloudError(context: string, error: CloudErrorInfo): void {
    this.log('error', context);
    for (const line of formatCloudError(error)) this.log('error', line);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
