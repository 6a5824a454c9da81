import type { AwsReader } from '../../aws/reader.js';
import { credentialReport } from '../../collect/iam.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, Step, VerifyOutcome } from '../types.js';

const userName = (arn: string) => arn.split('/').pop() ?? arn;
const keyNumber = (f: Finding) => f.evidence.map((e) => /^access_key_(\d)_/.exec(e.field)?.[1]).find(Boolean);

interface KeyTarget {
  user: string;
  arn: string;
  n: string;
}

type ListedKey = { AccessKeyId?: string; Status?: string; CreateDate?: Date | string };

/** 1.3/1.4: deactivate (never delete) the failing access keys, only with --allow-disruptive. */
export const accessKeysRemediator: Remediator = {
  id: 'access-keys',
  checks: ['iam-unused-credentials', 'iam-access-key-rotation'],
  permissions: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
  needs: [credentialReport],
  async plan({ state, ctx, failing, read, options }) {
    const plan: RemediationPlan = { remediator: 'access-keys', checks: [...failing.keys()], steps: [], guidance: [] };
    const report = state.get(credentialReport);
    if (!report.ok) return { ...plan, guidance: [`cannot plan without the credential report: ${describeReadError(report.error)}`] };
    const keys = new Map<string, KeyTarget>();
    for (const f of [...failing.values()].flat()) {
      const n = keyNumber(f);
      const user = userName(f.resource);
      if (!n) {
        // A console password: deleting the login profile cannot be undone (the password is lost), so guide only.
        plan.guidance.push(`${user}: console password unused ≥ 90 days — remove console access with \`aws iam delete-login-profile --user-name ${user}\` (cis-audit does not do this: it cannot be undone)`);
        continue;
      }
      keys.set(`${user}#${n}`, { user, arn: f.resource, n });
    }
    for (const target of keys.values()) {
      const row = report.value.rows.find((r) => r.arn === target.arn);
      const rotated = row?.[`access_key_${target.n}_last_rotated`];
      const listed = await read.call<{ AccessKeyMetadata?: ListedKey[] }>('iam', ctx.homeRegion, 'ListAccessKeys', { UserName: target.user });
      // The report names keys 1 and 2; the key id is found by its creation time (= last rotated).
      const match = (listed.AccessKeyMetadata ?? []).filter(
        (k) => k.Status === 'Active' && rotated && Math.abs(new Date(k.CreateDate ?? 0).getTime() - new Date(rotated).getTime()) < 2000,
      );
      if (match.length !== 1 || !match[0]!.AccessKeyId) {
        plan.guidance.push(`${target.user}: could not identify access key ${target.n} (created ${rotated ?? 'unknown'}) among the user's active keys; deactivate it by hand with \`aws iam update-access-key --user-name ${target.user} --access-key-id <id> --status Inactive\``);
        continue;
      }
      const id = match[0]!.AccessKeyId;
      if (!options.allowDisruptive) {
        plan.guidance.push(`${target.user}: access key ${id} (key ${target.n}) — rerun with --allow-disruptive to deactivate it, after moving its workload to a new key or a role`);
        continue;
      }
      const region = ctx.homeRegion;
      plan.steps.push({
        describe: `deactivate access key ${id} of ${target.user} (key ${target.n})`,
        call: { service: 'iam', region, operation: 'UpdateAccessKey', input: { UserName: target.user, AccessKeyId: id, Status: 'Inactive' } },
        prior: { UserName: target.user, AccessKeyId: id, Status: 'Active' },
        undo: [{ service: 'iam', region, operation: 'UpdateAccessKey', input: { UserName: target.user, AccessKeyId: id, Status: 'Active' } }],
        changes: [target.arn],
        warning: `anything still signing requests with ${id} will get InvalidClientTokenId`,
      });
    }
    return plan;
  },

  /** The credential report can be hours old: ask ListAccessKeys directly. */
  async verify(read: AwsReader, plan: RemediationPlan, applied: Step[]): Promise<VerifyOutcome> {
    const still: string[] = [];
    for (const step of applied) {
      const { UserName, AccessKeyId } = step.call.input as { UserName: string; AccessKeyId: string };
      const listed = await read.call<{ AccessKeyMetadata?: ListedKey[] }>('iam', step.call.region, 'ListAccessKeys', { UserName });
      const key = listed.AccessKeyMetadata?.find((k) => k.AccessKeyId === AccessKeyId);
      if (key?.Status !== 'Inactive') still.push(`${UserName}/${AccessKeyId} is ${key?.Status ?? 'missing'}`);
    }
    if (still.length > 0) return { outcome: 'STILL_FAILING', detail: `ListAccessKeys: ${still.join(', ')}` };
    if (plan.guidance.length > 0) return { outcome: 'STILL_FAILING', detail: `keys deactivated; still to do by hand: ${plan.guidance.length} item(s) listed above` };
    return { outcome: 'FIXED', detail: `ListAccessKeys: ${applied.length} key(s) Inactive` };
  },
};
