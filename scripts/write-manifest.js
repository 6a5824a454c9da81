// Writes oclif.manifest.json from the built commands so the CLI starts without importing every command.
// @oclif/core's own Plugin loader builds it (what `oclif manifest` does), without the `oclif` dev package's
// publishing dependencies (an S3/CloudFront SDK on another version line).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), `${JSON.stringify(plugin.manifest, null, 2)}\n`);
