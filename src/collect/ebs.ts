import { defineRegionalDatum, settle } from './datum.js';
import type { Got } from '../model/got.js';

// EBS encryption by default, per scanned region: the switch, and (as evidence) the key new volumes get.

export interface EbsDefaults {
  encryptionByDefault: boolean;
  /** The default KMS key for new volumes ("alias/aws/ebs" unless changed); a failed read stays that region's evidence only. */
  defaultKmsKeyId: Got<string | null>;
}

export const ebsDefaults = defineRegionalDatum<EbsDefaults>({
  key: 'ec2.ebsDefaults',
  description: 'EBS encryption by default and the default EBS KMS key in each scanned region',
  reads: ['ec2:GetEbsEncryptionByDefault', 'ec2:GetEbsDefaultKmsKeyId'],
  async loadRegion(ctx, region) {
    const [flag, key] = await Promise.all([
      ctx.aws.call<{ EbsEncryptionByDefault?: boolean }>('ec2', region, 'GetEbsEncryptionByDefault', {}),
      settle(async () => {
        const out = await ctx.aws.call<{ KmsKeyId?: string }>('ec2', region, 'GetEbsDefaultKmsKeyId', {});
        return out.KmsKeyId ?? null;
      }, 'GetEbsDefaultKmsKeyId', region, ctx.unexpected),
    ]);
    // A missing flag is a malformed answer: "off" would be a verdict we did not read.
    if (typeof flag.EbsEncryptionByDefault !== 'boolean') throw new Error('GetEbsEncryptionByDefault returned no EbsEncryptionByDefault');
    return { encryptionByDefault: flag.EbsEncryptionByDefault, defaultKmsKeyId: key };
  },
});
