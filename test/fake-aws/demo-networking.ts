import type { FakeNetworking } from './networking.js';

// The demo account's networking state (see demo-account.ts for the story).
export function demoNetworking(_account: string): FakeNetworking {
  return {};
}
