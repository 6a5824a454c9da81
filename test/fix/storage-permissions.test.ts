import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_4_0 } from '../../src/benchmark/cis-aws-1.4.0.js';
import { CIS_AWS_3_0_0 } from '../../src/benchmark/cis-aws-3.0.0.js';
import { selectControls } from '../../src/benchmark/select.js';
import { fixActionsOf, permissionsPolicy } from '../../src/cli/permissions.js';

const fixActions = (policy: ReturnType<typeof permissionsPolicy>) => fixActionsOf(policy as Parameters<typeof fixActionsOf>[0]);

describe('permissions --include-fix for the storage and instance remediators', () => {
  it('covers exactly the writes (and plan-time re-reads) of EBS, S3, RDS and IMDSv2 fixes', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_3_0_0, ['2.1.1', '2.1.4', '2.2.1', '2.3.1', '2.3.2', '2.3.3', '5.6'], []), true);
    expect(fixActions(policy)).toEqual([
      'ec2:DisableEbsEncryptionByDefault', 'ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId', 'ec2:ModifyEbsDefaultKmsKeyId',
      'ec2:ModifyInstanceMetadataOptions', 'ec2:ResetEbsDefaultKmsKeyId', 'rds:ModifyDBInstance',
      's3:DeleteBucketPolicy', 's3:GetBucketAcl', 's3:GetBucketPolicy', 's3:GetBucketPolicyStatus', 's3:PutAccountPublicAccessBlock',
      's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock',
    ]);
  });

  it('S3 default encryption needs only the encryption configuration actions', () => {
    expect(fixActions(permissionsPolicy(selectControls(CIS_AWS_1_4_0, ['2.1.1'], []), true))).toEqual(['s3:GetEncryptionConfiguration', 's3:PutEncryptionConfiguration']);
  });
});
