import type { FakeAws } from './fake-aws.js';

// The logging part of a fake account (filled in with the logging controls).
export interface FakeLogging {}

export function serveLogging(_aws: FakeAws, _account: string, _model: FakeLogging): void {}
