import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { deniesHttp } from '../../checks/storage/s3-deny-http.js';
import { parsePolicy } from '../../collect/s3-buckets.js';
import type { RemediationPlan, Remediator } from '../types.js';
import { bucketInput, failingBuckets, type FailingBucket } from './s3-buckets.js';

const DENY_HTTP = 's3-deny-http';
const SID = 'CisAuditDenyInsecureTransport';
/** S3's limit on a bucket policy document. */
const MAX_POLICY_BYTES = 20 * 1024;

type Current = { ok: true; text: string | null } | { ok: false; why: string };

/** The policy text exactly as S3 holds it (null: none), read when planning: undo puts back this very document. */
async function currentPolicy(read: AwsReader, b: FailingBucket, account: string): Promise<Current> {
  try {
    const out = await read.call<{ Policy?: unknown }>('s3', b.region, 'GetBucketPolicy', bucketInput(b.name, account));
    return { ok: true, text: typeof out.Policy === 'string' ? out.Policy : JSON.stringify(out.Policy) };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    // A plain boolean, so the type guard does not narrow err away for the last line.
    const absent: boolean = isAwsError(err, 'NoSuchBucketPolicy');
    if (absent) return { ok: true, text: null };
    return { ok: false, why: `s3:GetBucketPolicy ${b.name} in ${b.region} failed: ${err.code} (${err.message})` };
  }
}

/** The statement CIS asks for: everyone, every S3 action, the bucket and its objects, only when not over TLS. */
function denyStatement(arn: string, taken: Set<string>): Record<string, unknown> {
  let sid = SID;
  for (let n = 2; taken.has(sid); n++) sid = `${SID}${n}`;
  return {
    Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The existing document with one statement appended; every other member and statement is kept as it was. */
function merged(text: string | null, statement: Record<string, unknown>): string {
  if (text === null) return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const doc = JSON.parse(text) as Record<string, unknown>;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return JSON.stringify({ ...doc, Statement: [...statements, statement] });
}

/** Each failing bucket's policy gets one Deny aws:SecureTransport=false statement, merged in (created when there is none). */
export const s3DenyHttpRemediator: Remediator = {
  id: 's3-deny-http',
  checks: [DENY_HTTP],
  // GetBucketPolicy: the exact prior document is read when planning; DeleteBucketPolicy is for undo.
  permissions: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  // The findings name the buckets; the documents themselves are re-read when planning.
  needs: [],
  async plan({ ctx, failing, read }) {
    const plan: RemediationPlan = { remediator: 's3-deny-http', checks: [DENY_HTTP], steps: [], guidance: [] };
    for (const b of failingBuckets(failing.get(DENY_HTTP))) {
      const current = await currentPolicy(read, b, ctx.account);
      if (!current.ok) {
        plan.guidance.push(`bucket ${b.name}: nothing planned, its policy could not be read (undo needs it): ${current.why}`);
        continue;
      }
      let statements: Array<Record<string, unknown>> = [];
      try {
        statements = current.text === null ? [] : parsePolicy(current.text).statements as Array<Record<string, unknown>>;
      } catch (err) {
        plan.guidance.push(`bucket ${b.name}: nothing planned, its policy is not a document cis-audit can merge into: ${(err as Error).message}`);
        continue;
      }
      // Changed since the scan: already denied, nothing to add.
      if (statements.some((st) => deniesHttp(st, b.arn))) continue;
      const statement = denyStatement(b.arn, new Set(statements.flatMap((st) => (typeof st.Sid === 'string' ? [st.Sid] : []))));
      const policy = merged(current.text, statement);
      if (Buffer.byteLength(policy) > MAX_POLICY_BYTES) {
        plan.guidance.push(`bucket ${b.name}: nothing planned, its policy with the statement added would exceed S3's 20 KB limit; add ${JSON.stringify(statement)} by hand after trimming the policy`);
        continue;
      }
      const owner = bucketInput(b.name, ctx.account);
      plan.steps.push({
        describe: current.text === null
          ? `create a bucket policy for ${b.name} (${b.region}) denying every S3 request not sent over TLS`
          : `add statement ${String(statement.Sid)} to the policy of ${b.name} (${b.region}) denying every S3 request not sent over TLS; its ${statements.length} other statement(s) stay as they are`,
        call: { service: 's3', region: b.region, operation: 'PutBucketPolicy', input: { ...owner, Policy: policy } },
        prior: { Bucket: b.name, Policy: current.text },
        undo: current.text === null
          ? [{ service: 's3', region: b.region, operation: 'DeleteBucketPolicy', input: owner }]
          : [{ service: 's3', region: b.region, operation: 'PutBucketPolicy', input: { ...owner, Policy: current.text } }],
        changes: [b.arn],
        warning: `clients reaching ${b.name} over plain HTTP (old SDKs or tools configured without TLS, http:// website-style links to the REST endpoint) are refused from now on; `
          + 'requests over HTTPS are unaffected. A later edit of the policy must keep this statement',
      });
    }
    return plan;
  },
};
