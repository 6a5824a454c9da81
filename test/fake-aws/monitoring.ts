import type { FakeAws } from './fake-aws.js';

// The monitoring part of a fake account (filled in with the monitoring controls).
export interface FakeMonitoring {}

export function serveMonitoring(_aws: FakeAws, _account: string, _model: FakeMonitoring): void {}
