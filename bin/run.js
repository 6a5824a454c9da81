#!/usr/bin/env node
import nodeModule from 'node:module';
import { release } from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Our errors are one line; the SDK's multi-line Node-version notice would bury them (Node 20 is supported here).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true';

// Node >= 22.1 caches compiled code between runs (startup time); Node 20 has no such cache and skips this.
nodeModule.enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv[0] === '--version') {
  // oclif's own answer (`config.userAgent`), without loading oclif: --version is asked by scripts, often.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const platform = process.platform === 'linux' && /microsoft/i.test(release()) ? 'wsl' : process.platform;
  process.stdout.write(`${pkg.name}/${pkg.version} ${platform}-${process.arch} node-${process.version}\n`);
} else {
  const { Config, flush, handle, run } = await import('../dist/oclif.js');
  try {
    await run(argv, ownCommand(argv[0]) ? await withoutCorePlugins(Config) : import.meta.url);
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

/** One of our commands (or topics), by the shipped manifest's command ids. */
function ownCommand(word) {
  if (word === undefined || word.startsWith('-')) return false;
  try {
    const { commands } = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8'));
    return Object.keys(commands).some((id) => id.split(':')[0] === word);
  } catch {
    // No manifest (a build without one): oclif finds the commands itself, with the full config.
    return false;
  }
}

/**
 * oclif's config without its core plugins (help, version, autocomplete): all they bring is their own commands, so one
 * of ours runs the same without finding and reading them (startup time). Everything else gets them.
 */
function withoutCorePlugins(Config) {
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return Config.load({ root: fileURLToPath(new URL('..', import.meta.url)), pjson: { ...pjson, oclif: { ...pjson.oclif, plugins: [] } } });
}
