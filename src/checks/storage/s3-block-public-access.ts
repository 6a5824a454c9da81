import { allBuckets, publicAccessBlocks } from '../../collect/s3-buckets.js';
import { blocksEverything, type PublicAccessBlock } from '../../collect/s3.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';
import { bucketArn, ofBucket } from './buckets.js';

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
const ALL_FOUR = 'all four of BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets true';

/** S3 applies the stricter of the account and bucket settings, flag by flag. */
function effective(account: PublicAccessBlock | null, bucket: PublicAccessBlock | null): PublicAccessBlock {
  const on = (f: (typeof FLAGS)[number]) => account?.[f] === true || bucket?.[f] === true;
  return { BlockPublicAcls: on('BlockPublicAcls'), IgnorePublicAcls: on('IgnorePublicAcls'), BlockPublicPolicy: on('BlockPublicPolicy'), RestrictPublicBuckets: on('RestrictPublicBuckets') };
}

const missing = (b: PublicAccessBlock) => FLAGS.filter((f) => !b[f]);

/** Account-level Block Public Access with all four settings, or each bucket blocking everything (its own or with the account's). */
export const s3BlockPublicAccessCheck: Check = {
  id: 's3-block-public-access',
  description: 'S3 Block Public Access blocks everything: at account level, or else on every bucket',
  needs: [allBuckets, publicAccessBlocks],
  evaluate(state, ctx) {
    const account = accountResource(ctx);
    const got = state.get(publicAccessBlocks);
    if (!got.ok) return [readErrorFinding(account, GLOBAL, got.error, 'S3 Block Public Access')];
    const acct = got.value.account;
    const accountEvidence: Evidence = acct.ok
      ? { source: 's3control:GetPublicAccessBlock', field: 'PublicAccessBlockConfiguration', value: acct.value, expected: ALL_FOUR }
      : { source: 's3control:GetPublicAccessBlock', field: 'error', value: { code: acct.error.code, message: acct.error.message } };
    if (acct.ok && blocksEverything(acct.value)) {
      return [pass(account, GLOBAL, 'account-level S3 Block Public Access blocks everything', [accountEvidence])];
    }
    const listing = state.get(allBuckets);
    if (!listing.ok) return [readErrorFinding(account, GLOBAL, listing.error, 'the S3 buckets')];
    const names = Object.keys(listing.value);
    if (names.length === 0) {
      return [notApplicable(account, GLOBAL, 'the account has no S3 buckets', [accountEvidence, { source: 's3:ListBuckets', field: 'Buckets', value: [] }])];
    }
    const per = got.value.buckets ?? {};
    return names.map((name): Finding => {
      const arn = bucketArn(ctx, name);
      const place = listing.value[name]!;
      if (!place.ok) return readErrorFinding(arn, GLOBAL, place.error, `the region of bucket ${name}`);
      const region = place.value.region;
      const own = ofBucket(per, name, publicAccessBlocks.key, region);
      if (!own.ok) return readErrorFinding(arn, region, own.error, `the public access block of ${name}`);
      const evidence: Evidence[] = [
        { source: 's3:GetPublicAccessBlock', field: 'PublicAccessBlockConfiguration', value: own.value, expected: ALL_FOUR },
        accountEvidence,
      ];
      if (blocksEverything(own.value)) return pass(arn, region, `${name} blocks all public access`, evidence);
      // The account's block could make up for the bucket's gaps: without it there is no verdict.
      if (!acct.ok) {
        return { ...readErrorFinding(arn, region, acct.error, `the account-level block (${name} does not block everything itself)`), evidence };
      }
      const gaps = missing(effective(acct.value, own.value));
      if (gaps.length === 0) return pass(arn, region, `${name} blocks all public access (its own settings with the account's)`, evidence);
      const why = own.value === null ? 'has no public access block' : 'does not block all public access';
      return fail(arn, region, `${name} ${why}: ${gaps.join(', ')} off (account and bucket)`, evidence);
    });
  },
};

