import type { Check } from '../check.js';
import { ebsDefaultEncryptionCheck } from './ebs-default-encryption.js';
import { efsEncryptedCheck } from './efs-encrypted.js';
import { rdsAutoMinorVersionUpgradeCheck, rdsMultiAzCheck, rdsNotPublicCheck, rdsStorageEncryptedCheck } from './rds.js';
import { s3DefaultEncryptionCheck, s3MfaDeleteCheck } from './s3-bucket-settings.js';
import { s3BlockPublicAccessCheck } from './s3-block-public-access.js';
import { s3DataClassifiedCheck } from './s3-data-classified.js';
import { s3DenyHttpCheck } from './s3-deny-http.js';

export const storageChecks: Check[] = [
  s3DenyHttpCheck, s3MfaDeleteCheck, s3BlockPublicAccessCheck, s3DefaultEncryptionCheck, s3DataClassifiedCheck,
  ebsDefaultEncryptionCheck, rdsStorageEncryptedCheck, rdsAutoMinorVersionUpgradeCheck, rdsNotPublicCheck, rdsMultiAzCheck, efsEncryptedCheck,
];
