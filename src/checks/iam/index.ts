import type { Check } from '../check.js';
import { noKeysAtSetup, oneActiveKey } from './access-key-count.js';
import { accessKeyRotation } from './access-key-rotation.js';
import { consoleUsersMfa } from './console-users-mfa.js';
import {
  passwordExpiry, passwordMinLength, passwordRequiresLowercase, passwordRequiresNumbers,
  passwordRequiresSymbols, passwordRequiresUppercase, passwordReusePrevention,
} from './password-policy.js';
import { noFullAdminPolicies, noUserPolicies, supportRole } from './policies.js';
import { rootAccessKeys, rootHardwareMfa, rootMfa } from './root-account.js';
import { rootUsage } from './root-usage.js';
import { unusedCredentials } from './unused-credentials.js';

export const iamChecks: Check[] = [
  rootUsage, consoleUsersMfa, unusedCredentials, accessKeyRotation,
  passwordRequiresUppercase, passwordRequiresLowercase, passwordRequiresSymbols, passwordRequiresNumbers,
  passwordMinLength, passwordReusePrevention, passwordExpiry,
  rootAccessKeys, rootMfa, rootHardwareMfa, noUserPolicies, supportRole, noFullAdminPolicies,
  oneActiveKey, noKeysAtSetup,
];
