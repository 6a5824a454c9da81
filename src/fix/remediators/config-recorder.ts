import { isAwsError } from '../../aws/errors.js';
import type { AwsReader } from '../../aws/reader.js';
import { configRecorders, type ConfigRecorder } from '../../collect/config.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator, RetryOn, Step } from '../types.js';
import { serviceRoleSteps, type AccountRef, type PolicyDocument } from './building-blocks.js';
import {
  allowsService, CONFIG_CHANNEL, CONFIG_RECORDER, CONFIG_ROLE, configBucketName, denyInsecureTransport, finishOwnBucket, privateBucketSteps, probeBucket,
  readInlinePolicy, readRoleTrust, s3Arn,
} from './logging-builders.js';

// 2.5: in each failing region a recorder of every supported type (global IAM types in exactly one region), a
// delivery channel to one private bucket, and the recorder started. Existing recorders are raised, never narrowed.

const CONFIG = 'config-enabled-all-regions';
const ALL_SUPPORTED = 'ALL_SUPPORTED_RESOURCE_TYPES';
export const CONFIG_ROLE_POLICY = 'config-delivery';
/** AWS's managed policy for the Config recorder role: read-only describe/list/get of supported resources. */
export const configManagedPolicy = (partition: string) => `arn:${partition}:iam::aws:policy/service-role/AWS_ConfigRole`;

/** Only AWS Config, acting for this account, may read the bucket's ACL, list it and write under AWSLogs/<account>/Config/. */
export function configBucketPolicy(ctx: AccountRef, bucket: string): PolicyDocument {
  const source = { 'aws:SourceAccount': ctx.account };
  const config = { Service: 'config.amazonaws.com' };
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSConfigBucketPermissionsCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: s3Arn(ctx, bucket), Condition: { StringEquals: source } },
      { Sid: 'AWSConfigBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: s3Arn(ctx, bucket), Condition: { StringEquals: source } },
      {
        Sid: 'AWSConfigBucketDelivery', Effect: 'Allow', Principal: config, Action: 's3:PutObject', Resource: s3Arn(ctx, bucket, `AWSLogs/${ctx.account}/Config/*`),
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source } },
      },
      denyInsecureTransport(ctx, bucket),
    ],
  };
}

type RawRecorder = { name?: string; roleARN?: string; recordingGroup?: Record<string, unknown>; recordingMode?: Record<string, unknown> };

/** The recorder exactly as Config returns it (the datum keeps a summary; PutConfigurationRecorder replaces the whole recorder). */
async function rawRecorder(read: AwsReader, region: string, name: string): Promise<{ ok: true; recorder: RawRecorder } | { ok: false; why: string }> {
  try {
    const out = await read.call<{ ConfigurationRecorders?: RawRecorder[] }>('config', region, 'DescribeConfigurationRecorders', { ConfigurationRecorderNames: [name] });
    const r = (out.ConfigurationRecorders ?? []).find((x) => x.name === name);
    if (!r) return { ok: false, why: `config:DescribeConfigurationRecorders in ${region} no longer lists ${name}` };
    // Only the members PutConfigurationRecorder takes.
    return { ok: true, recorder: { name: r.name, ...(r.roleARN ? { roleARN: r.roleARN } : {}), ...(r.recordingGroup ? { recordingGroup: r.recordingGroup } : {}), ...(r.recordingMode ? { recordingMode: r.recordingMode } : {}) } };
  } catch (err) {
    if (!isAwsError(err)) throw err;
    return { ok: false, why: `config:DescribeConfigurationRecorders in ${region} failed: ${err.code} (${err.message})` };
  }
}

/** 2.5: recorder + delivery channel + start in each failing region (raising an existing recorder instead of adding one). */
export const configRecorderRemediator: Remediator = {
  id: 'config-recorder',
  checks: [CONFIG],
  // Reads while planning: DescribeConfigurationRecorders, GetRole/GetRolePolicy, GetBucketLocation/Policy/PublicAccessBlock.
  // PassRole hands the role to Config; ObjectOwnership on CreateBucket needs PutBucketOwnershipControls;
  // Stop/Delete*/Detach* are for undo.
  permissions: [
    'config:DescribeConfigurationRecorders', 'config:PutConfigurationRecorder', 'config:PutDeliveryChannel', 'config:StartConfigurationRecorder',
    'config:StopConfigurationRecorder', 'config:DeleteDeliveryChannel', 'config:DeleteConfigurationRecorder',
    'iam:GetRole', 'iam:GetRolePolicy', 'iam:CreateRole', 'iam:TagRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole', 'iam:PassRole',
    's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:GetBucketPublicAccessBlock', 's3:CreateBucket', 's3:PutBucketOwnershipControls',
    's3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy',
  ],
  needs: [configRecorders],
  async plan({ state, ctx, read, options }) {
    const plan: RemediationPlan = { remediator: 'config-recorder', checks: [CONFIG], steps: [], guidance: [] };
    const got = state.get(configRecorders);
    if (!got.ok) return { ...plan, guidance: [`nothing planned: AWS Config could not be read: ${describeReadError(got.error)}`] };

    const readable = new Map<string, { recorder?: ConfigRecorder; recording: boolean; lastStatus?: string; channels: number }>();
    for (const region of ctx.regions) {
      const r = got.value[region];
      if (!r) continue;
      if (!r.ok) {
        plan.guidance.push(`${region}: nothing planned, AWS Config could not be read: ${describeReadError(r.error)}. Rerun the fix once this region is readable.`);
        continue;
      }
      // Service-linked recorders record for one service only; the customer recorder is the one CIS means.
      const recorder = r.value.recorders.find((x) => !x.servicePrincipal);
      const status = recorder ? r.value.statuses.find((s) => s.name === recorder.name) : undefined;
      readable.set(region, {
        ...(recorder ? { recorder } : {}), recording: status?.recording === true, ...(status?.lastStatus ? { lastStatus: status.lastStatus } : {}), channels: r.value.deliveryChannels.length,
      });
    }

    // Global (IAM) types belong in exactly one region: none is chosen when some recorder already records them.
    const globalAlready = [...readable].filter(([, r]) => r.recorder?.includeGlobalResourceTypes).map(([region]) => region);
    let globalRegion: string | undefined;
    if (globalAlready.length === 0) {
      const wanted = options.configGlobalRegion ?? (ctx.regions.includes(ctx.homeRegion) ? ctx.homeRegion : ctx.regions[0]);
      if (wanted && readable.has(wanted)) globalRegion = wanted;
      else plan.guidance.push(`global resource types: no scanned region records them and ${wanted ?? 'no region'} is not a readable scanned region; rerun with --config-global-region naming one`);
    }

    const needs: Array<{ region: string; create: boolean; raise: boolean; channel: boolean; start: boolean; global: boolean; recorder?: ConfigRecorder }> = [];
    for (const [region, r] of readable) {
      const global = region === globalRegion;
      const rec = r.recorder;
      const raise = !!rec && (!rec.allSupported || (rec.strategy !== undefined && rec.strategy !== ALL_SUPPORTED) || (global && !rec.includeGlobalResourceTypes));
      const need = { region, create: !rec, raise, channel: r.channels === 0, start: !r.recording, global, ...(rec ? { recorder: rec } : {}) };
      if (need.create || need.raise || need.channel || need.start) needs.push(need);
      else if (r.lastStatus?.toUpperCase() === 'FAILURE') {
        plan.guidance.push(`${region}: recorder ${rec!.name} is set up but its last recording failed; check its role (config:DescribeConfigurationRecorders roleARN) and \`aws configservice describe-configuration-recorder-status --region ${region}\``);
      }
    }
    if (needs.length === 0) return plan;

    // The role, only when a recorder is created (an existing recorder keeps its own role).
    const roleSteps: Step[] = [];
    const home = ctx.homeRegion;
    const bucket = options.configBucket ?? configBucketName(ctx.account);
    const roleArnValue = `arn:${ctx.partition}:iam::${ctx.account}:role/${CONFIG_ROLE}`;
    /** Set when this plan creates the role (or puts its delivery policy): what a new recorder's channel may wait for. */
    let roleRetry: RetryOn | undefined;
    if (needs.some((n) => n.create)) {
      const trust = await readRoleTrust(read, home, CONFIG_ROLE);
      if (!trust.ok) return { ...plan, guidance: [...plan.guidance, `nothing planned: ${trust.why}`] };
      const built = serviceRoleSteps({
        ctx, roleName: CONFIG_ROLE, servicePrincipal: 'config.amazonaws.com', sourceAccountCondition: true, inlinePolicyName: CONFIG_ROLE_POLICY,
        statements: [
          {
            Sid: 'DeliverToConfigBucket', Effect: 'Allow', Action: 's3:PutObject', Resource: s3Arn(ctx, bucket, `AWSLogs/${ctx.account}/*`),
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
          },
          { Sid: 'CheckConfigBucketAcl', Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: s3Arn(ctx, bucket) },
        ],
        description: 'AWS Config recorder role (CIS 2.5), created by cis-audit',
        ...(trust.trust ? { existing: { trustPolicy: trust.trust, inlinePolicy: await readInlinePolicy(read, home, CONFIG_ROLE, CONFIG_ROLE_POLICY) } } : {}),
      });
      if (built.conflict) return { ...plan, guidance: [...plan.guidance, `nothing planned: ${built.conflict}`] };
      // PutDeliveryChannel has Config assume the recorder's role to check the bucket: a role created seconds earlier
      // is answered with InsufficientDeliveryPolicyException ("unable to assume role") until IAM has propagated it.
      if (built.steps.length > 0) {
        roleRetry = {
          codes: ['InsufficientDeliveryPolicyException'],
          why: built.exists ? `IAM propagation of the policy put on role ${CONFIG_ROLE} above` : `IAM propagation of role ${CONFIG_ROLE} created above`,
        };
      }
      const policyArn = configManagedPolicy(ctx.partition);
      roleSteps.push(...built.steps, {
        describe: `attach the AWS managed policy AWS_ConfigRole (read-only access to the resources Config records) to ${CONFIG_ROLE}`,
        call: { service: 'iam', region: home, operation: 'AttachRolePolicy', input: { RoleName: CONFIG_ROLE, PolicyArn: policyArn } },
        undo: trust.trust
          ? { manual: `role ${CONFIG_ROLE} existed before this fix; detach ${policyArn} only if it was not attached before` }
          : [{ service: 'iam', region: home, operation: 'DetachRolePolicy', input: { RoleName: CONFIG_ROLE, PolicyArn: policyArn } }],
        changes: [roleArnValue],
      });
    }

    // The bucket, only when a delivery channel is created.
    const bucketSteps: Step[] = [];
    let bucketUsable = true;
    if (needs.some((n) => n.channel)) {
      const probe = await probeBucket(read, home, bucket, ctx.account);
      const policy = configBucketPolicy(ctx, bucket);
      if (probe.state === 'unusable') {
        bucketUsable = false;
        plan.guidance.push(`no delivery channel planned: ${probe.why}; rerun with --config-bucket naming a bucket of account ${ctx.account}`);
      } else if (options.configBucket) {
        if (probe.state === 'absent') {
          bucketUsable = false;
          plan.guidance.push(`no delivery channel planned: --config-bucket ${bucket} does not exist; create it or leave the flag out to have cis-audit create ${configBucketName(ctx.account)}`);
        } else {
          plan.guidance.push(`delivery to existing bucket ${bucket}: its policy is not changed; the recorder role may write to it, or give it these statements: ${JSON.stringify(policy.Statement.filter((s) => s.Effect === 'Allow'))}`);
        }
      } else if (probe.state === 'absent') {
        bucketSteps.push(...privateBucketSteps({ ctx, region: home, bucket, policy, holds: 'AWS Config configuration history and snapshots' }));
      } else {
        const done = await finishOwnBucket(read, ctx, probe.region, bucket, policy, (p) => allowsService(p, {
          service: 'config.amazonaws.com', action: 's3:PutObject', resource: s3Arn(ctx, bucket, `AWSLogs/${ctx.account}/Config/x`), context: { 'aws:SourceAccount': ctx.account },
        }));
        bucketSteps.push(...done.steps);
        plan.guidance.push(...done.guidance);
      }
    }

    const regionSteps: Step[] = [];
    for (const n of needs.sort((a, b) => (a.region < b.region ? -1 : 1))) {
      const { region } = n;
      if (n.channel && !bucketUsable) {
        plan.guidance.push(`${region}: nothing planned, it needs a delivery channel and there is no usable bucket (see above)`);
        continue;
      }
      const name = n.recorder?.name ?? CONFIG_RECORDER;
      const target = { ConfigurationRecorderName: name };
      if (n.create) {
        regionSteps.push({
          describe: `create AWS Config recorder ${name} in ${region} recording all supported resource types${n.global ? ', including global (IAM) types (this is the one region that records them)' : ' (global types are recorded in one other region)'}`,
          call: {
            service: 'config', region, operation: 'PutConfigurationRecorder',
            input: { ConfigurationRecorder: { name, roleARN: roleArnValue, recordingGroup: { allSupported: true, includeGlobalResourceTypes: n.global } } },
          },
          undo: [{ service: 'config', region, operation: 'DeleteConfigurationRecorder', input: target }],
          creates: [`config recorder ${name} (${region})`],
          warning: 'AWS Config bills per configuration item recorded',
        });
      } else if (n.raise) {
        const raw = await rawRecorder(read, region, name);
        if (!raw.ok) {
          plan.guidance.push(`${region}: recorder ${name} not changed: ${raw.why}`);
          continue;
        }
        const prior = raw.recorder;
        const priorGroup = prior.recordingGroup ?? {};
        const raised = {
          ...prior,
          recordingGroup: {
            allSupported: true,
            // Never narrowed: a recorder that already records global types keeps them.
            includeGlobalResourceTypes: priorGroup.includeGlobalResourceTypes === true || n.global,
            resourceTypes: [],
            recordingStrategy: { useOnly: ALL_SUPPORTED },
          },
        };
        regionSteps.push({
          describe: `make recorder ${name} in ${region} record all supported resource types${n.global && priorGroup.includeGlobalResourceTypes !== true ? ' and global (IAM) types' : ''} (role and recording mode unchanged)`,
          call: { service: 'config', region, operation: 'PutConfigurationRecorder', input: { ConfigurationRecorder: raised } },
          prior,
          undo: [{ service: 'config', region, operation: 'PutConfigurationRecorder', input: { ConfigurationRecorder: prior } }],
          changes: [`config recorder ${name} (${region})`],
          warning: 'recording more resource types raises the AWS Config bill',
        });
      }
      if (n.channel) {
        regionSteps.push({
          describe: `create delivery channel ${CONFIG_CHANNEL} in ${region} to s3://${bucket}`,
          call: {
            service: 'config', region, operation: 'PutDeliveryChannel',
            input: { DeliveryChannel: { name: CONFIG_CHANNEL, s3BucketName: bucket, configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' } } },
          },
          undo: [{ service: 'config', region, operation: 'DeleteDeliveryChannel', input: { DeliveryChannelName: CONFIG_CHANNEL } }],
          creates: [`config delivery channel ${CONFIG_CHANNEL} (${region})`],
          // Only behind a recorder this plan creates with that role (an existing recorder keeps its own role).
          ...(n.create && roleRetry ? { retryOn: roleRetry } : {}),
        });
      }
      if (n.start || n.create) {
        regionSteps.push({
          describe: `start recorder ${name} in ${region}`,
          call: { service: 'config', region, operation: 'StartConfigurationRecorder', input: target },
          prior: { ConfigurationRecorderName: name, recording: false },
          undo: [{ service: 'config', region, operation: 'StopConfigurationRecorder', input: target }],
          changes: [`config recorder ${name} (${region})`],
        });
      }
    }
    if (regionSteps.length === 0) return plan;
    plan.steps.push(...roleSteps, ...bucketSteps, ...regionSteps);
    return plan;
  },
};
