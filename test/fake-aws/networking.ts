import type { FakeAws } from './fake-aws.js';

// The networking part of a fake account (filled in with the networking controls).
export interface FakeNetworking {}

export function serveNetworking(_aws: FakeAws, _account: string, _model: FakeNetworking): void {}
