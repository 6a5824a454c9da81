import { allBuckets, bucketPolicies, type PolicyStatement } from '../../collect/s3-buckets.js';
import type { Check } from '../check.js';
import { fail, pass } from '../findings.js';
import { eachBucket } from './buckets.js';

const EXPECTED = 'a Deny statement for Principal "*", Action "s3:*" (or "*") on the bucket\'s objects, with only the condition Bool aws:SecureTransport = "false"';

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Principal "*" or {"AWS": "*"} (alone or in a list): everyone. */
function isEveryone(p: unknown): boolean {
  if (p === '*') return true;
  if (p === null || typeof p !== 'object') return false;
  return asList((p as Record<string, unknown>).AWS).includes('*');
}

/** Action names are case-insensitive; only the whole of S3 counts (denying PutObject alone leaves reads over HTTP). */
const coversAllS3 = (action: unknown) => asList(action).some((a) => typeof a === 'string' && ['s3:*', '*'].includes(a.toLowerCase()));

/** IAM wildcards: * any run, ? one character. */
const globMatches = (pattern: string, text: string) =>
  new RegExp(`^${pattern.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')}$`).test(text);

/** The statement applies to every object of the bucket: some Resource pattern matches "<bucket arn>/*" itself. */
const coversObjects = (resource: unknown, arn: string) => asList(resource).some((r) => typeof r === 'string' && globMatches(r, `${arn}/*`));

/** Condition is exactly Bool (or BoolIfExists) aws:SecureTransport false: another condition would narrow the deny. */
function deniesInsecureTransport(condition: PolicyStatement['Condition']): boolean {
  if (!condition || typeof condition !== 'object') return false;
  const operators = Object.entries(condition);
  if (operators.length !== 1) return false;
  const [operator, keys] = operators[0]!;
  if (operator !== 'Bool' && operator !== 'BoolIfExists') return false;
  if (!keys || typeof keys !== 'object') return false;
  const entries = Object.entries(keys);
  if (entries.length !== 1) return false;
  const [key, value] = entries[0]!;
  const values = asList(value);
  return key.toLowerCase() === 'aws:securetransport' && values.length === 1 && String(values[0]).toLowerCase() === 'false';
}

export function deniesHttp(st: PolicyStatement, arn: string): boolean {
  return st.Effect === 'Deny' && st.NotPrincipal === undefined && st.NotAction === undefined && st.NotResource === undefined
    && isEveryone(st.Principal) && coversAllS3(st.Action) && coversObjects(st.Resource, arn) && deniesInsecureTransport(st.Condition);
}

/** Every bucket's policy denies requests not sent over TLS. */
export const s3DenyHttpCheck: Check = {
  id: 's3-deny-http',
  description: 'Every S3 bucket policy denies all S3 actions to everyone when aws:SecureTransport is false',
  needs: [allBuckets, bucketPolicies],
  evaluate(state, ctx) {
    return eachBucket(state, ctx, bucketPolicies, 'the bucket policy', ({ name, arn, region, value: policy }) => {
      if (policy === null) {
        return fail(arn, region, `${name} has no bucket policy, so nothing denies HTTP requests`, [
          { source: 's3:GetBucketPolicy', field: 'Policy', value: null, expected: EXPECTED },
        ]);
      }
      const denying = policy.statements.filter((st) => deniesHttp(st, arn));
      const evidence = [{ source: 's3:GetBucketPolicy', field: 'Policy.Statement', value: policy.statements, expected: EXPECTED }];
      if (denying.length > 0) {
        const sid = denying[0]!.Sid;
        return pass(arn, region, `${name} denies HTTP requests${sid ? ` (statement ${sid})` : ''}`, evidence);
      }
      return fail(arn, region, `${name}'s bucket policy has no statement denying HTTP requests`, evidence);
    });
  },
};
