import type { Check } from '../check.js';
import { noKeysAtSetup, oneActiveKey } from './access-key-count.js';
import { accessAnalyzerEnabled } from './access-analyzer.js';
import { accessKeyRotation } from './access-key-rotation.js';
import { centralIdentity } from './central-identity.js';
import { cloudShellFullAccess } from './cloudshell-access.js';
import { consoleUsersMfa } from './console-users-mfa.js';
import {
  passwordExpiry, passwordMinLength, passwordRequiresLowercase, passwordRequiresNumbers,
  passwordRequiresSymbols, passwordRequiresUppercase, passwordReusePrevention,
} from './password-policy.js';
import { noAttachedFullAdminPolicies, noFullAdminPolicies, noUserPolicies, supportRole } from './policies.js';
import { rootAccessKeys, rootHardwareMfa, rootMfa } from './root-account.js';
import { resourcePoliciesPrincipalStar } from './resource-policies.js';
import { rootUsage } from './root-usage.js';
import { expiredServerCertificates } from './server-certificates.js';
import { unusedCredentials } from './unused-credentials.js';

export const iamChecks: Check[] = [
  rootUsage, consoleUsersMfa, unusedCredentials, accessKeyRotation,
  passwordRequiresUppercase, passwordRequiresLowercase, passwordRequiresSymbols, passwordRequiresNumbers,
  passwordMinLength, passwordReusePrevention, passwordExpiry,
  rootAccessKeys, rootMfa, rootHardwareMfa, noUserPolicies, supportRole, noFullAdminPolicies,
  oneActiveKey, noKeysAtSetup, noAttachedFullAdminPolicies, expiredServerCertificates, accessAnalyzerEnabled,
  cloudShellFullAccess, centralIdentity, resourcePoliciesPrincipalStar,
];
