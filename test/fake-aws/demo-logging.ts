import type { FakeLogging } from './logging.js';

// The demo account's logging state (see demo-account.ts for the story).
export function demoLogging(_account: string): FakeLogging {
  return {};
}
