// dist/oclif.js: the @oclif/core that bin/run.js runs the commands with, the copy bundled with them (scripts/build.js).
export { Config, flush, handle, run } from '@oclif/core';
