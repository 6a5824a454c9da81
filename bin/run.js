#!/usr/bin/env node
import { execute } from '@oclif/core';

// Our errors are one line; the SDK's multi-line Node-version notice would bury them (Node 20 is supported here).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  await execute({ dir: import.meta.url });
} finally {
  // Live SDK clients keep keep-alive sockets and timers: close them so the process exits once the work is done.
  const { closeLiveTransports } = await import('../dist/aws/live-transport.js');
  closeLiveTransports();
}
