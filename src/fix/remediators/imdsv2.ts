import { ec2Arn, inRegion } from '../../checks/networking/ec2-resources.js';
import { instances, type Instance } from '../../collect/ec2.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator } from '../types.js';

const IMDSV2 = 'ec2-imdsv2-required';

const label = (i: Instance) => `${i.instanceId}${i.name !== undefined ? ` (${i.name})` : ''}`;

/**
 * HttpTokens=required per failing instance, only with --allow-disruptive; otherwise GUIDANCE naming them. HttpEndpoint
 * stays enabled and the hop limit is left out of the call, so EC2 keeps it as it is.
 */
export const imdsv2Remediator: Remediator = {
  id: 'ec2-imdsv2',
  checks: [IMDSV2],
  permissions: ['ec2:ModifyInstanceMetadataOptions'],
  needs: [instances],
  async plan({ state, ctx, failing, options }) {
    const plan: RemediationPlan = { remediator: 'ec2-imdsv2', checks: [IMDSV2], steps: [], guidance: [] };
    const failingArns = new Set((failing.get(IMDSV2) ?? []).map((f) => f.resource));
    const named: string[] = [];
    for (const region of ctx.regions) {
      const got = inRegion(state.get(instances), region, instances.key);
      if (!got.ok) {
        if ((failing.get(IMDSV2) ?? []).some((f) => f.region === region)) plan.guidance.push(`${region}: nothing planned, the instances could not be read: ${describeReadError(got.error)}`);
        continue;
      }
      for (const i of got.value) {
        if (!failingArns.has(ec2Arn(ctx, region, ctx.account, 'instance', i.instanceId))) continue;
        const m = i.metadataOptions;
        // Already required, waiting to be applied: nothing to send, the re-scan will see it.
        if (!m || m.httpTokens === 'required' || m.httpEndpoint === 'disabled') {
          if (m?.httpTokens === 'required') plan.guidance.push(`${region}: ${label(i)} already requires IMDSv2; the change is ${m.state ?? 'not applied'} yet: re-scan shortly`);
          continue;
        }
        if (!options.allowDisruptive) {
          named.push(`${region}: ${label(i)}`);
          plan.guidance.push(`${region}: ${label(i)} allows IMDSv1 (HttpTokens ${m.httpTokens ?? 'optional'}): check its software uses IMDSv2 (CloudWatch metric MetadataNoToken = 0), then `
            + `aws ec2 modify-instance-metadata-options --region ${region} --instance-id ${i.instanceId} --http-tokens required --http-endpoint enabled, or rerun with --allow-disruptive`);
          continue;
        }
        plan.steps.push({
          describe: `require IMDSv2 on instance ${label(i)} in ${region} (HttpTokens ${m.httpTokens ?? 'optional'} → required; endpoint stays enabled, hop limit unchanged)`,
          call: { service: 'ec2', region, operation: 'ModifyInstanceMetadataOptions', input: { InstanceId: i.instanceId, HttpTokens: 'required', HttpEndpoint: 'enabled' } },
          prior: { InstanceId: i.instanceId, Name: i.name, HttpTokens: m.httpTokens ?? 'optional', HttpEndpoint: m.httpEndpoint ?? 'enabled' },
          undo: [{ service: 'ec2', region, operation: 'ModifyInstanceMetadataOptions', input: { InstanceId: i.instanceId, HttpTokens: m.httpTokens ?? 'optional', HttpEndpoint: m.httpEndpoint ?? 'enabled' } }],
          changes: [ec2Arn(ctx, region, ctx.account, 'instance', i.instanceId)],
          warning: `software on ${label(i)} that still calls the metadata service without a session token (IMDSv1: old SDKs and agents, scripts using plain curl) stops getting metadata and its role credentials at once; `
            + 'check the MetadataNoToken CloudWatch metric of the instance is 0 first. Containers more than one network hop away need the hop limit raised separately',
        });
      }
    }
    if (named.length > 0) plan.guidance.push(`nothing changed without --allow-disruptive (requiring IMDSv2 breaks software still using IMDSv1): ${named.join(', ')}`);
    return plan;
  },
  // Read back exactly the changed instances: EC2 applies new options within seconds (State pending meanwhile).
  async verify(read, _plan, applied) {
    const byRegion = new Map<string, string[]>();
    for (const s of applied) byRegion.set(s.call.region, [...(byRegion.get(s.call.region) ?? []), String(s.call.input.InstanceId)]);
    const still: string[] = [];
    const pending: string[] = [];
    for (const [region, ids] of byRegion) {
      const out = await read.call<{ Reservations?: Array<{ Instances?: RawInstance[] }> }>('ec2', region, 'DescribeInstances', { InstanceIds: ids });
      const seen = new Map((out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.MetadataOptions] as const));
      for (const id of ids) {
        const m = seen.get(id);
        if (m?.HttpTokens !== 'required') still.push(`${id} (${region}): HttpTokens ${m?.HttpTokens ?? 'not reported'}`);
        else if (m.State !== undefined && m.State !== 'applied') pending.push(`${id} (${region})`);
      }
    }
    if (still.length > 0) return { outcome: 'STILL_FAILING', detail: `re-read DescribeInstances: ${still.join(', ')}` };
    if (pending.length > 0) return { outcome: 'PENDING', detail: `applied; waiting for EC2 to apply the new metadata options (State pending, usually seconds) on ${pending.join(', ')}` };
    return { outcome: 'FIXED', detail: `re-read DescribeInstances: HttpTokens required and applied on ${applied.length} instance(s)` };
  },
};

type RawInstance = { InstanceId?: string; MetadataOptions?: { HttpTokens?: string; State?: string } };
