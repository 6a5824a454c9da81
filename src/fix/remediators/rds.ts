import { inRegion } from '../../checks/networking/ec2-resources.js';
import { dbInstances, type DbInstance } from '../../collect/rds.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { CheckContext, CheckState } from '../../checks/check.js';
import type { PlanInput, RemediationPlan, Remediator } from '../types.js';

// RDS instance settings through ModifyDBInstance, one remediator per check so each control's outcome is its own;
// encryption at rest cannot be changed in place, so that check gets the snapshot → encrypted copy → restore procedure.

const NOT_PUBLIC = 'rds-not-public';
const MINOR_UPGRADE = 'rds-auto-minor-version-upgrade';
const ENCRYPTED = 'rds-storage-encrypted';

interface Target { d: DbInstance; region: string }

/** The DB instances the FAIL findings name, from the collected listing; unreadable regions are reported. */
function failingInstances(state: CheckState, ctx: CheckContext, findings: Finding[] | undefined, guidance: string[]): Target[] {
  const arns = new Set((findings ?? []).map((f) => f.resource));
  const out: Target[] = [];
  for (const region of ctx.regions) {
    const got = inRegion(state.get(dbInstances), region, dbInstances.key);
    if (!got.ok) {
      if ((findings ?? []).some((f) => f.region === region)) guidance.push(`${region}: nothing planned, the DB instances could not be read: ${describeReadError(got.error)}`);
      continue;
    }
    for (const d of got.value) if (arns.has(d.arn)) out.push({ d, region });
  }
  return out;
}

const label = (d: DbInstance) => `${d.id} (${d.engine}${d.clusterId ? `, cluster ${d.clusterId}` : ''})`;

/** ModifyDBInstance answers InvalidDBInstanceState for an instance that is not available (stopped, being modified…). */
function notModifiable(t: Target): string | undefined {
  if (t.d.status === undefined || t.d.status === 'available') return undefined;
  return `${t.region}: ${label(t.d)} is ${t.d.status}: RDS modifies only an available instance; rerun the fix once it is available${t.d.status === 'stopped' ? ' (aws rds start-db-instance)' : ''}`;
}

const modify = (region: string, id: string, field: string, value: boolean, applyImmediately: boolean) => ({
  service: 'rds' as const, region, operation: 'ModifyDBInstance',
  input: { DBInstanceIdentifier: id, [field]: value, ApplyImmediately: applyImmediately },
});

const APPLY_NOW = 'ApplyImmediately=true also applies any other modification already pending on the instance for its maintenance window (an instance class change, for one, restarts it)';

/** PubliclyAccessible=false, only with --allow-disruptive (applied at once); otherwise guidance naming the instances. */
export const rdsNotPublicRemediator: Remediator = {
  id: 'rds-not-public',
  checks: [NOT_PUBLIC],
  permissions: ['rds:ModifyDBInstance'],
  needs: [dbInstances],
  async plan({ state, ctx, failing, options }: PlanInput) {
    const plan: RemediationPlan = { remediator: 'rds-not-public', checks: [NOT_PUBLIC], steps: [], guidance: [] };
    for (const t of failingInstances(state, ctx, failing.get(NOT_PUBLIC), plan.guidance)) {
      if (!t.d.publiclyAccessible) continue;
      if (!options.allowDisruptive) {
        plan.guidance.push(`${t.region}: ${label(t.d)} is publicly accessible; clients outside its VPC lose access when that is turned off. Rerun with --allow-disruptive to apply `
          + `ModifyDBInstance PubliclyAccessible=false (or: aws rds modify-db-instance --region ${t.region} --db-instance-identifier ${t.d.id} --no-publicly-accessible --apply-immediately)`);
        continue;
      }
      const blocked = notModifiable(t);
      if (blocked) {
        plan.guidance.push(blocked);
        continue;
      }
      plan.steps.push({
        describe: `make DB instance ${label(t.d)} in ${t.region} not publicly accessible (applied immediately)`,
        call: modify(t.region, t.d.id, 'PubliclyAccessible', false, true),
        prior: { DBInstanceIdentifier: t.d.id, PubliclyAccessible: true },
        undo: [modify(t.region, t.d.id, 'PubliclyAccessible', true, true)],
        changes: [t.d.arn],
        warning: `clients outside the VPC of ${t.d.id} (over the internet, or through its public DNS name from elsewhere) lose access at once: its endpoint resolves to a private address from now on; `
          + `clients inside the VPC or connected to it (peering, VPN, Direct Connect) keep working. ${APPLY_NOW}`,
      });
    }
    return plan;
  },
};

/** AutoMinorVersionUpgrade=true; ApplyImmediately only with --allow-disruptive, otherwise in the next maintenance window (PENDING). */
export const rdsMinorVersionUpgradeRemediator: Remediator = {
  id: 'rds-auto-minor-version-upgrade',
  checks: [MINOR_UPGRADE],
  permissions: ['rds:ModifyDBInstance'],
  needs: [dbInstances],
  async plan({ state, ctx, failing, options }: PlanInput) {
    const plan: RemediationPlan = { remediator: 'rds-auto-minor-version-upgrade', checks: [MINOR_UPGRADE], steps: [], guidance: [] };
    const now = options.allowDisruptive;
    const waiting: string[] = [];
    for (const t of failingInstances(state, ctx, failing.get(MINOR_UPGRADE), plan.guidance)) {
      if (t.d.autoMinorVersionUpgrade) continue;
      const blocked = notModifiable(t);
      if (blocked) {
        plan.guidance.push(blocked);
        continue;
      }
      plan.steps.push({
        describe: `turn on automatic minor version upgrades for DB instance ${label(t.d)} in ${t.region} (${now ? 'applied immediately' : 'in its next maintenance window'})`,
        call: modify(t.region, t.d.id, 'AutoMinorVersionUpgrade', true, now),
        prior: { DBInstanceIdentifier: t.d.id, AutoMinorVersionUpgrade: false },
        undo: [modify(t.region, t.d.id, 'AutoMinorVersionUpgrade', false, now)],
        changes: [t.d.arn],
        warning: `RDS will upgrade ${t.d.id} to new minor engine versions by itself during its maintenance window (a short restart each time); `
          + (now ? APPLY_NOW : 'without --allow-disruptive the setting itself takes effect in that window too (ApplyImmediately=false)'),
      });
      if (!now) waiting.push(`${t.d.id} (${t.region})`);
    }
    if (waiting.length > 0) {
      plan.pendingWhile = `the next maintenance window of ${waiting.join(', ')} (ApplyImmediately=false; rerun with --allow-disruptive to apply now)`;
    }
    return plan;
  },
};

/** Guidance only: storage encryption is fixed when the instance is created, so the data moves to an encrypted copy. */
export const rdsEncryptionGuidance: Remediator = {
  id: 'rds-storage-encryption-guidance',
  checks: [ENCRYPTED],
  permissions: [],
  needs: [dbInstances],
  async plan({ state, ctx, failing }: PlanInput) {
    const plan: RemediationPlan = { remediator: 'rds-storage-encryption-guidance', checks: [ENCRYPTED], steps: [], guidance: [] };
    const clusters = new Set<string>();
    for (const { d, region } of failingInstances(state, ctx, failing.get(ENCRYPTED), plan.guidance)) {
      const r = `--region ${region}`;
      if (d.clusterId) {
        // A cluster's storage is shared: the procedure is per cluster, once.
        if (clusters.has(`${region}|${d.clusterId}`)) continue;
        clusters.add(`${region}|${d.clusterId}`);
        plan.guidance.push(`${region}: cluster ${d.clusterId} (members include ${d.id}) cannot be encrypted in place: `
          + `1) aws rds create-db-cluster-snapshot ${r} --db-cluster-identifier ${d.clusterId} --db-cluster-snapshot-identifier ${d.clusterId}-unencrypted; `
          + `2) aws rds copy-db-cluster-snapshot ${r} --source-db-cluster-snapshot-identifier ${d.clusterId}-unencrypted --target-db-cluster-snapshot-identifier ${d.clusterId}-encrypted --kms-key-id alias/aws/rds; `
          + `3) aws rds restore-db-cluster-from-snapshot ${r} --db-cluster-identifier ${d.clusterId}-encrypted --snapshot-identifier ${d.clusterId}-encrypted --engine ${d.engine}, then add instances (create-db-instance --db-cluster-identifier ${d.clusterId}-encrypted); `
          + '4) stop writes, repeat from 1 for the changes since (or use replication), point clients at the new endpoint, then delete the old cluster');
        continue;
      }
      plan.guidance.push(`${region}: ${label(d)} cannot be encrypted in place: `
        + `1) aws rds create-db-snapshot ${r} --db-instance-identifier ${d.id} --db-snapshot-identifier ${d.id}-unencrypted; `
        + `2) aws rds copy-db-snapshot ${r} --source-db-snapshot-identifier ${d.id}-unencrypted --target-db-snapshot-identifier ${d.id}-encrypted --kms-key-id alias/aws/rds; `
        + `3) aws rds restore-db-instance-from-db-snapshot ${r} --db-instance-identifier ${d.id}-encrypted --db-snapshot-identifier ${d.id}-encrypted (same subnet group, security groups and parameter group); `
        + '4) stop writes, point clients at the new endpoint (or rename the instances), then delete the old instance and its unencrypted snapshot');
    }
    return plan;
  },
};
