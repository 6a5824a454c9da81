import { instances, type Instance } from '../../collect/ec2.js';
import type { Finding } from '../../model/finding.js';
import type { Check, CheckContext, CheckState } from '../check.js';
import { accountResource, fail, notApplicable, pass, readErrorFinding } from '../findings.js';
import { ec2Arn, inRegion } from './ec2-resources.js';

// IMDSv2 and instance roles judge the same instances, from one DescribeInstances per region.
const SOURCE = 'ec2:DescribeInstances';
/** Instances on their way out are not judged; stopped ones are (they run again with what they have). */
const GONE = ['terminated', 'shutting-down'];

const label = (i: Instance) => `${i.instanceId}${i.name !== undefined ? ` (${i.name})` : ''}`;

/** Per region: ERROR when unreadable, NOT_APPLICABLE without instances, else one finding per live instance. */
function perInstance(state: CheckState, ctx: CheckContext, judge: (i: Instance, resource: string, region: string) => Finding): Finding[] {
  const out: Finding[] = [];
  const account = accountResource(ctx);
  for (const region of ctx.regions) {
    const got = inRegion(state.get(instances), region, instances.key);
    if (!got.ok) {
      out.push(readErrorFinding(account, region, got.error, 'the EC2 instances'));
      continue;
    }
    const live = got.value.filter((i) => !GONE.includes(i.state));
    if (live.length === 0) {
      const gone = got.value.length - live.length;
      out.push(notApplicable(account, region, `no EC2 instances in this region${gone > 0 ? ` (${gone} terminated or shutting down, not judged)` : ''}`, [
        { source: SOURCE, field: 'Reservations[].Instances[State.Name!=terminated,shutting-down]', value: [] },
      ]));
      continue;
    }
    for (const i of live) out.push(judge(i, ec2Arn(ctx, region, ctx.account, 'instance', i.instanceId), region));
  }
  return out;
}

/** Every instance requires session tokens for the metadata service (IMDSv2 only), or has it switched off. */
export const imdsv2RequiredCheck: Check = {
  id: 'ec2-imdsv2-required',
  description: 'Every EC2 instance requires IMDSv2 (MetadataOptions.HttpTokens required, applied) or has the metadata service disabled',
  needs: [instances],
  evaluate(state, ctx) {
    return perInstance(state, ctx, (i, resource, region) => {
      const m = i.metadataOptions;
      if (!m) {
        const message = `DescribeInstances returned ${i.instanceId} without MetadataOptions`;
        return {
          status: 'ERROR', resource, region, message,
          evidence: [{ source: SOURCE, field: `Instances[${i.instanceId}].MetadataOptions`, value: null, expected: 'HttpTokens, HttpEndpoint and State' }],
          error: { service: 'ec2', operation: 'DescribeInstances', region, code: 'UnexpectedResponse', message },
        };
      }
      const evidence = [{
        source: SOURCE,
        field: `Instances[${i.instanceId}].MetadataOptions`,
        value: { HttpTokens: m.httpTokens ?? null, HttpEndpoint: m.httpEndpoint ?? null, State: m.state ?? null, InstanceState: i.state },
        expected: 'HttpTokens required (or HttpEndpoint disabled), State applied',
      }];
      const disabled = m.httpEndpoint === 'disabled';
      const compliant = disabled || m.httpTokens === 'required';
      if (!compliant) return fail(resource, region, `${label(i)} allows IMDSv1: HttpTokens is ${m.httpTokens ?? 'not set'}`, evidence);
      const how = disabled ? 'has the instance metadata service disabled' : 'requires IMDSv2 (HttpTokens required)';
      // CIS asks for the options to be applied; a pending change is not in force yet.
      if (m.state !== undefined && m.state !== 'applied') return fail(resource, region, `${label(i)} ${how}, but the change is ${m.state}, not applied yet: re-scan shortly`, evidence);
      return pass(resource, region, `${label(i)} ${how}`, evidence);
    });
  },
};

/** Every instance runs with an instance profile (role), so software on it has no reason to hold long-term keys. */
export const instanceRolesCheck: Check = {
  id: 'iam-instance-roles',
  description: 'Every EC2 instance has an IAM instance profile, so workloads use role credentials instead of embedded access keys',
  needs: [instances],
  evaluate(state, ctx) {
    return perInstance(state, ctx, (i, resource, region) => {
      const evidence = [{
        source: SOURCE, field: `Instances[${i.instanceId}].IamInstanceProfile`,
        value: i.instanceProfileArn !== undefined ? { Arn: i.instanceProfileArn } : null, expected: 'an instance profile',
      }];
      return i.instanceProfileArn !== undefined
        ? pass(resource, region, `${label(i)} runs with instance profile ${i.instanceProfileArn.split('/').pop()}`, evidence)
        : fail(resource, region, `${label(i)} has no IAM instance profile (instance ${i.state}): software on it needs other credentials`, evidence);
    });
  },
};
