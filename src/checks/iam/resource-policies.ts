import type { Regional } from '../../collect/datum.js';
import { allBucketPolicies, keyPolicies, topicPolicies, type ResourcePolicy } from '../../collect/resource-policies.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError, type Got } from '../../model/got.js';
import type { Check } from '../check.js';
import { accountResource, GLOBAL, manual } from '../findings.js';
import { errorEvidence } from '../read-evidence.js';
import { statements, type Statement } from './policy-document.js';

// Condition keys that tie a "Principal: *" grant to an account, organization, source or network (CIS v7 2.21
// names aws:SourceArn, aws:SourceAccount and aws:PrincipalArn, "and other service-specific keys").
const RESTRICTING_KEYS = new Set([
  'aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:principalarn',
  'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceip',
  'aws:userid', 'kms:calleraccount', 'kms:viaservice',
]);

const SCOPE = 'S3 bucket policies, SNS topic policies and customer-managed KMS key policies';

type WithPrincipal = Statement & { Principal?: unknown };

function principalIsStar(p: unknown): boolean {
  if (p === '*') return true;
  const aws = p && typeof p === 'object' ? (p as { AWS?: unknown }).AWS : undefined;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function restricted(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  return Object.values(condition as Record<string, unknown>).some((block) =>
    !!block && typeof block === 'object' && Object.keys(block).some((k) => RESTRICTING_KEYS.has(k.toLowerCase())));
}

/** Allow statements open to everyone with no condition that narrows who (undefined: not a policy document). */
export function unrestrictedStarStatements(document: unknown): WithPrincipal[] | undefined {
  const list = statements(document) as WithPrincipal[] | undefined;
  return list?.filter((s) => s.Effect === 'Allow' && principalIsStar(s.Principal) && !restricted(s.Condition));
}

const sources = [
  { source: 's3:GetBucketPolicy', field: 'Policy.Statement' },
  { source: 'sns:GetTopicAttributes', field: 'Attributes.Policy.Statement' },
  { source: 'kms:GetKeyPolicy', field: 'Policy.Statement' },
] as const;

/**
 * CIS Manual: the review needs every resource type that has a policy; cis-audit reads three cheaply. Each resource
 * with an unrestricted "Principal: *" Allow is a MANUAL finding with those statements; one account finding states
 * the scope, how much was read, and any read that failed.
 */
export const resourcePoliciesPrincipalStar: Check = {
  id: 'resource-policies-principal-star',
  description: `Evidence for "Principal: *" without a restricting condition in ${SCOPE}`,
  needs: [allBucketPolicies, topicPolicies, keyPolicies],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const groups: Array<Got<ResourcePolicy[]>> = [
      state.get(allBucketPolicies),
      ...[state.get(topicPolicies), state.get(keyPolicies)].map(flattenRegions),
    ];
    const findings: Finding[] = [];
    const unread: string[] = [];
    const unreadEvidence: Evidence[] = [];
    let read = 0;
    groups.forEach((group, i) => {
      const { source, field } = sources[i]!;
      if (!group.ok) {
        unread.push(describeReadError(group.error));
        unreadEvidence.push(errorEvidence(group.error));
        return;
      }
      for (const r of group.value) {
        if (!r.policy.ok) {
          unread.push(`${r.arn}: ${describeReadError(r.policy.error)}`);
          unreadEvidence.push(errorEvidence(r.policy.error, { resource: r.arn }));
          continue;
        }
        read++;
        if (r.policy.value === null) continue;
        const open = unrestrictedStarStatements(r.policy.value);
        if (open === undefined) {
          unread.push(`${r.arn}: the policy is not a JSON policy document`);
          continue;
        }
        if (open.length === 0) continue;
        findings.push(manual(r.arn, r.region, `${open.length} Allow statement(s) with Principal "*" and no restricting condition; confirm the access is meant to be public`,
          [{ source, field, value: open, expected: 'Principal narrowed, or a Condition on aws:SourceArn / aws:SourceAccount / aws:PrincipalOrgID…' }]));
      }
    });
    const note = unread.length > 0 ? `; could not read ${unread.length}: ${unread.join('; ')}` : '';
    findings.push(manual(accountResource(ctx), GLOBAL,
      `${findings.length} of ${read} resource policies read allow "Principal: *" without a restricting condition (scope: ${SCOPE}); `
        + `review the other resource types (SQS, Lambda, Secrets Manager, ECR, EventBridge…) by hand${note}`,
      unreadEvidence));
    return findings;
  },
};

function flattenRegions(got: Got<Regional<ResourcePolicy[]>>): Got<ResourcePolicy[]> {
  if (!got.ok) return got;
  const out: ResourcePolicy[] = [];
  for (const [region, g] of Object.entries(got.value)) {
    // A region that could not be listed: one entry standing for the region's resources.
    if (!g.ok) out.push({ arn: `(every resource in ${region})`, region, policy: g });
    else out.push(...g.value);
  }
  return { ok: true, value: out };
}
