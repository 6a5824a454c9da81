import type { FakeMonitoring } from './monitoring.js';

// The demo account's monitoring state (see demo-account.ts for the story).
export function demoMonitoring(_account: string): FakeMonitoring {
  return {};
}
