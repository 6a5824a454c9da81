// The command layer's view of user-facing errors; defined in src/model so lower layers can raise them.
export { CliError, UsageError } from '../model/errors.js';
