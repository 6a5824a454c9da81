import type { AwsReader } from '../aws/reader.js';
import type { ServiceName } from '../aws/services.js';
import type { CheckContext, CheckParams, CheckState } from '../checks/check.js';
import type { DatumDef } from '../collect/datum.js';
import type { Finding } from '../model/finding.js';

// The remediation contract: plan (pure over collected state, reads allowed) → apply through one gated writer
// that journals every step → verify by re-checking.

/** One AWS write, exactly as it will be sent. */
export interface WriteCall {
  service: ServiceName;
  region: string;
  operation: string;
  input: Record<string, unknown>;
}

export interface Step {
  /** What the step does, for the plan and the journal. */
  describe: string;
  call: WriteCall;
  /** The state before the step, recorded in the journal before the next step runs. */
  prior?: unknown;
  /**
   * The writes that revert it, or why it cannot be reverted automatically. An input value of
   * `{ "$fromOutput": "FlowLogIds" }` is replaced at undo time by that member of this step's journaled response.
   */
  undo: WriteCall[] | { manual: string };
  /** Resources this step creates / modifies (ARNs or names). */
  creates?: string[];
  changes?: string[];
  /** Consequences an operator must know before saying yes. */
  warning?: string;
  /** A response member that lists refusals inside a successful answer (EC2's `Unsuccessful`): non-empty = failed. */
  refusedIn?: string;
  /**
   * Names this step so later steps of the same plan can use an id AWS assigns to it: an input value
   * `{ "$fromStep": "<ref>", "output": "KeyMetadata.Arn" }` is replaced at apply time by that member of its response.
   */
  ref?: string;
  /**
   * Set only on a step that hands another service a role (or role policy) an earlier step of the same plan created:
   * if the call fails with one of these codes (and, when given, a message containing `messageContains`), IAM may
   * not have propagated that role yet, so the writer waits and retries (about 30 s in all) before calling it failed.
   * Never a code that also means the caller's own permissions are missing (AccessDenied).
   */
  retryOn?: RetryOn;
}

/** Which failures of a step are IAM propagation of something the same plan just created (see `Step.retryOn`). */
export interface RetryOn {
  /** The AWS error codes that service answers while the role has not propagated. */
  codes: string[];
  /** Only when the error message contains this too (case-insensitive): the code alone also covers real mistakes. */
  messageContains?: string;
  /** What is propagating, for the user: e.g. "IAM propagation of role X created above". */
  why: string;
}

/** What a remediator proposes for the failing findings of the checks it covers. */
export interface RemediationPlan {
  remediator: string;
  /** Check ids this plan addresses. */
  checks: string[];
  steps: Step[];
  /** Account-specific instructions when nothing (or not everything) is automatable. */
  guidance: string[];
  /** When set, a re-check that still fails may just be early: what to wait for (SNS confirmation, propagation). */
  pendingWhile?: string;
  /**
   * Set when planning found that the change cannot work (a log target in another region or account, a bucket policy
   * that does not admit the service): none of the plan's steps is sent and the outcome is APPLY_ERROR with this reason.
   */
  blocked?: string;
}

export interface FixOptions {
  /** Allow fixes that can break workloads: deactivating access keys (1.3/1.4), deleting NACL entries and expired server certificates. */
  allowDisruptive: boolean;
  /** 2.6 (and the trail bucket 2.1 creates): where access logs go; otherwise cis-audit-access-logs-<account>-<region>, created when absent. */
  accessLogBucket?: string;
  /** 1.20: the support role's name. */
  supportRoleName: string;
  /** 3.x: an existing SNS topic the alarms notify, instead of creating cis-audit-security-alerts. */
  snsTopicArn?: string;
  /** 3.x: who the alarm topic notifies (--notify-email, --subscription-protocol/--subscription-endpoint). */
  subscriptions?: Array<{ protocol: string; endpoint: string }>;
  /** 2.9: what new flow logs capture (CIS asks for REJECT at least). */
  flowLogTrafficType?: 'REJECT' | 'ALL';
  /** 2.9: where new flow logs deliver. */
  flowLogDestination?: 'cloud-watch-logs' | 's3';
  /** 2.9: the bucket for an s3 destination. */
  flowLogBucket?: string;
  /** Retention of log groups a fix creates (2.4, 2.9). */
  logRetentionDays?: number;
  /** 2.1: an existing bucket for a new trail, instead of creating cis-audit-cloudtrail-<account>-<region>. */
  trailBucket?: string;
  /** 2.1: days the trail bucket a fix creates keeps log files (lifecycle expiration; default 365). */
  trailBucketRetentionDays?: number;
  /** 2.5: an existing bucket for the Config delivery channels, instead of creating cis-audit-config-<account>. */
  configBucket?: string;
  /** 2.5: the one region whose recorder records global (IAM) resource types; default the home region. */
  configGlobalRegion?: string;
  /** EBS encryption by default: the default KMS key to set as well (key id, ARN or alias); otherwise it is left as it is. */
  ebsKmsKey?: string;
  /** S3 Block Public Access: block on each failing bucket instead of at account level. */
  s3BucketLevel?: boolean;
  /** S3 default encryption: SSE-KMS with this key instead of SSE-S3. */
  s3KmsKey?: string;
  /** Security Hub: also enable its default standards (EnableDefaultStandards=true); default false. */
  securityHubDefaultStandards?: boolean;
}

export const DEFAULT_FIX_OPTIONS: FixOptions = {
  allowDisruptive: false, supportRoleName: 'cis-audit-support',
  subscriptions: [], flowLogTrafficType: 'REJECT', flowLogDestination: 'cloud-watch-logs', logRetentionDays: 365,
};

export interface PlanInput {
  state: CheckState;
  ctx: CheckContext;
  /** The FAIL findings of the covered checks, keyed by check id. */
  failing: Map<string, Finding[]>;
  /** Read-only AWS access for planning details the scan did not collect (e.g. access key ids). */
  read: AwsReader;
  options: FixOptions;
  /** The parameters the selected benchmark's mapping passes each failing check (e.g. that version's filter patterns). */
  checkParams?: ReadonlyMap<string, CheckParams>;
}

/** UNVERIFIED: applied, but the re-check could not read what it needs (never reported as FIXED or STILL_FAILING). */
export type VerifyOutcome = { outcome: 'FIXED' | 'STILL_FAILING' | 'PENDING' | 'UNVERIFIED'; detail: string };

export interface Remediator {
  id: string;
  /** Check ids it fixes. */
  checks: string[];
  /** IAM actions `apply` needs (for `cis-audit permissions --include-fix`). */
  permissions: string[];
  /** Datums `plan` reads from the scan. */
  needs: DatumDef<any>[];
  /**
   * Ids of remediators whose results this one builds on (2.4 on the trail 2.1 creates): `fix` plans and applies it in a
   * later stage than those, against the state they leave. Omitted: it builds on nothing and runs in stage 1.
   */
  after?: string[];
  plan(input: PlanInput): Promise<RemediationPlan>;
  /** A direct read that beats a stale re-scan (e.g. keys: ListAccessKeys instead of the credential report). */
  verify?(read: AwsReader, plan: RemediationPlan, applied: Step[]): Promise<VerifyOutcome>;
}

export const FIX_OUTCOMES = ['FIXED', 'PENDING', 'STILL_FAILING', 'UNVERIFIED', 'APPLY_ERROR', 'GUIDANCE', 'NOTHING_TO_DO'] as const;
export type FixOutcome = (typeof FIX_OUTCOMES)[number];
