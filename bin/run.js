#!/usr/bin/env node
import nodeModule from 'node:module';
import { release } from 'node:os';
import { readFileSync } from 'node:fs';

// Our errors are one line; the SDK's multi-line Node-version notice would bury them (Node 20 is supported here).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Node >= 22.1 caches compiled code between runs (startup time); Node 20 has no such cache and skips this.
nodeModule.enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv[0] === '--version') {
  // oclif's own answer (`config.userAgent`), without loading oclif: --version is asked by scripts, often.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const platform = process.platform === 'linux' && /microsoft/i.test(release()) ? 'wsl' : process.platform;
  process.stdout.write(`${pkg.name}/${pkg.version} ${platform}-${process.arch} node-${process.version}\n`);
} else {
  const { flush, handle, run } = await import('../dist/oclif.js');
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
  } finally {
    // Live SDK clients keep keep-alive sockets and timers: close them so the process exits once the work is done.
    const { closeLiveTransports } = await import('../dist/aws/live-transport.js');
    closeLiveTransports();
  }
}
