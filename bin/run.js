#!/usr/bin/env node
import { flush, handle, run } from '@oclif/core';

// Our errors are one line; the SDK's multi-line Node-version notice would bury them (Node 20 is supported here).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const argv = process.argv.slice(2);
try {
  await run(argv, import.meta.url);
  await flush();
} catch (err) {
  // Failures that escape a command are oclif's (parse errors, unknown commands): print them in our
  // one-line `Error: … / Hint: …` style, exit 2, no usage dump. Loaded only on failure, to keep startup lean.
  const { commandIds, fromOclifError } = await import('../dist/cli/oclif-errors.js');
  const { CliError } = await import('../dist/cli/errors.js');
  const failure = fromOclifError(err, { argv, bin: 'cis-audit', commands: commandIds(new URL('../oclif.manifest.json', import.meta.url)) });
  if (failure instanceof CliError) {
    const { reportFailure } = await import('../dist/cli/fail.js');
    process.exitCode = reportFailure(failure, argv.includes('--debug'));
  } else {
    await handle(failure);
  }
}
