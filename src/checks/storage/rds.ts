import { dbClusters, dbInstances, type DbCluster, type DbInstance } from '../../collect/rds.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { Check, CheckContext, CheckState } from '../check.js';
import { accountResource, fail, manual, notApplicable, pass, readErrorFinding } from '../findings.js';
import { inRegion } from '../networking/ec2-resources.js';

// RDS checks judge each DB instance DescribeDBInstances lists, Aurora cluster members included (their storage
// encryption is the cluster's, their public accessibility and minor-version upgrades their own).

const NONE = (region: string, account: string) =>
  notApplicable(account, region, 'no RDS DB instances in this region', [{ source: 'rds:DescribeDBInstances', field: 'DBInstances', value: [] }]);

const label = (d: DbInstance) => `${d.id} (${d.engine}${d.clusterId ? `, cluster ${d.clusterId}` : ''})`;

/** Per region: ERROR when unreadable, NOT_APPLICABLE without instances, else `judge` for each instance. */
function eachInstance(state: CheckState, ctx: CheckContext, judge: (d: DbInstance, region: string) => Finding): Finding[] {
  const account = accountResource(ctx);
  return ctx.regions.flatMap((region) => {
    const got = inRegion(state.get(dbInstances), region, dbInstances.key);
    if (!got.ok) return [readErrorFinding(account, region, got.error, 'the RDS DB instances')];
    if (got.value.length === 0) return [NONE(region, account)];
    return got.value.map((d) => judge(d, region));
  });
}

/** A verdict check on one boolean field of every DB instance. */
function instanceFlagCheck(def: {
  id: string;
  description: string;
  field: 'StorageEncrypted' | 'AutoMinorVersionUpgrade' | 'PubliclyAccessible';
  value: (d: DbInstance) => boolean;
  want: boolean;
  good: string;
  bad: string;
}): Check {
  return {
    id: def.id,
    description: def.description,
    needs: [dbInstances],
    evaluate(state, ctx) {
      return eachInstance(state, ctx, (d, region) => {
        const v = def.value(d);
        const evidence: Evidence[] = [
          { source: 'rds:DescribeDBInstances', field: `DBInstances[${d.id}].${def.field}`, value: v, expected: String(def.want) },
          ...(d.clusterId ? [{ source: 'rds:DescribeDBInstances', field: `DBInstances[${d.id}].DBClusterIdentifier`, value: d.clusterId }] : []),
        ];
        return v === def.want ? pass(d.arn, region, `${label(d)} ${def.good}`, evidence) : fail(d.arn, region, `${label(d)} ${def.bad}`, evidence);
      });
    },
  };
}

export const rdsStorageEncryptedCheck = instanceFlagCheck({
  id: 'rds-storage-encrypted',
  description: 'Every RDS DB instance has encrypted storage',
  field: 'StorageEncrypted', value: (d) => d.storageEncrypted, want: true,
  good: 'has encrypted storage', bad: 'has unencrypted storage',
});

export const rdsAutoMinorVersionUpgradeCheck = instanceFlagCheck({
  id: 'rds-auto-minor-version-upgrade',
  description: 'Every RDS DB instance applies minor engine upgrades automatically',
  field: 'AutoMinorVersionUpgrade', value: (d) => d.autoMinorVersionUpgrade, want: true,
  good: 'upgrades minor versions automatically', bad: 'does not upgrade minor versions automatically',
});

export const rdsNotPublicCheck = instanceFlagCheck({
  id: 'rds-not-public',
  description: 'No RDS DB instance is publicly accessible',
  field: 'PubliclyAccessible', value: (d) => d.publiclyAccessible, want: false,
  good: 'is not publicly accessible', bad: 'is publicly accessible',
});

const CONFIRM = 'confirm that the deployment meets the availability the workload needs';

function clusterEvidence(cluster: DbCluster): Evidence[] {
  return [
    { source: 'rds:DescribeDBClusters', field: `DBClusters[${cluster.id}].MultiAZ`, value: cluster.multiAz, expected: 'true' },
    { source: 'rds:DescribeDBClusters', field: `DBClusters[${cluster.id}].AvailabilityZones`, value: cluster.availabilityZones },
  ];
}

/** Manual: each DB instance's Multi-AZ setting (for a cluster member, the cluster's) for a person to judge. */
export const rdsMultiAzCheck: Check = {
  id: 'rds-multi-az',
  description: 'Evidence for RDS availability: MultiAZ of every DB instance, and of its cluster for cluster members',
  needs: [dbInstances, dbClusters],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const account = accountResource(ctx);
    return ctx.regions.flatMap((region): Finding[] => {
      const got = inRegion(state.get(dbInstances), region, dbInstances.key);
      if (!got.ok) {
        const e = got.error;
        return [manual(account, region, `the RDS DB instances could not be read (${describeReadError(e)}); ${CONFIRM}`, [
          { source: `${e.service}:${e.operation}`, field: 'error', value: { code: e.code, message: e.message } },
        ])];
      }
      if (got.value.length === 0) return [NONE(region, account)];
      const clusters = inRegion(state.get(dbClusters), region, dbClusters.key);
      return got.value.map((d) => {
        const evidence: Evidence[] = [
          { source: 'rds:DescribeDBInstances', field: `DBInstances[${d.id}].MultiAZ`, value: d.multiAz, expected: 'true' },
          ...(d.availabilityZone ? [{ source: 'rds:DescribeDBInstances', field: `DBInstances[${d.id}].AvailabilityZone`, value: d.availabilityZone }] : []),
        ];
        if (!d.clusterId) return manual(d.arn, region, `${label(d)} MultiAZ is ${d.multiAz}; ${CONFIRM}`, evidence);
        if (!clusters.ok) {
          evidence.push({ source: `${clusters.error.service}:${clusters.error.operation}`, field: 'error', value: { code: clusters.error.code, message: clusters.error.message } });
          return manual(d.arn, region, `${label(d)}: its cluster could not be read; ${CONFIRM}`, evidence);
        }
        const cluster = clusters.value.find((c) => c.id === d.clusterId);
        if (cluster) evidence.push(...clusterEvidence(cluster));
        const what = cluster ? `cluster ${cluster.id} MultiAZ is ${cluster.multiAz} (${cluster.members.length} member(s))` : `cluster ${d.clusterId} was not listed`;
        return manual(d.arn, region, `${label(d)}: ${what}; ${CONFIRM}`, evidence);
      });
    });
  },
};
