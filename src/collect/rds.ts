import { AwsCallError } from '../aws/errors.js';
import { defineRegionalDatum } from './datum.js';
import { paginate, type PageShape } from './paginate.js';

// RDS DB instances and DB clusters per scanned region. DescribeDBInstances also lists the instances of Aurora
// clusters (and of Neptune and DocumentDB, which share the RDS API); each is judged as the instance it is.

const MARKER_PAGES = (items: string): PageShape => ({ inputToken: 'Marker', outputToken: 'Marker', items });
const MAX_RECORDS = 100;

export interface DbInstance {
  id: string;
  arn: string;
  engine: string;
  /** Set for an instance that belongs to a cluster (Aurora, Neptune, DocumentDB). */
  clusterId?: string;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  autoMinorVersionUpgrade: boolean;
  publiclyAccessible: boolean;
  multiAz: boolean;
  availabilityZone?: string;
  status?: string;
}

export interface DbCluster {
  id: string;
  arn: string;
  engine: string;
  multiAz: boolean;
  availabilityZones: string[];
  members: string[];
}

type RawInstance = {
  DBInstanceIdentifier?: string; DBInstanceArn?: string; Engine?: string; DBClusterIdentifier?: string; StorageEncrypted?: boolean;
  KmsKeyId?: string; AutoMinorVersionUpgrade?: boolean; PubliclyAccessible?: boolean; MultiAZ?: boolean; AvailabilityZone?: string;
  DBInstanceStatus?: string;
};
type RawCluster = {
  DBClusterIdentifier?: string; DBClusterArn?: string; Engine?: string; MultiAZ?: boolean; AvailabilityZones?: string[];
  DBClusterMembers?: Array<{ DBInstanceIdentifier?: string }>;
};

function malformed(region: string, operation: string, what: string): never {
  throw new AwsCallError({ service: 'rds', region, operation }, 'UnexpectedResponse', `RDS returned ${what}`);
}

/** A flag the controls judge must be there: false by default would be a verdict we did not read. */
function flag(v: boolean | undefined, name: string, id: string, region: string): boolean {
  if (typeof v !== 'boolean') malformed(region, 'DescribeDBInstances', `DB instance ${id} without ${name}`);
  return v;
}

export const dbInstances = defineRegionalDatum<DbInstance[]>({
  key: 'rds.dbInstances',
  description: 'RDS DB instances in each scanned region',
  reads: ['rds:DescribeDBInstances'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawInstance>(ctx, 'rds', region, 'DescribeDBInstances', { MaxRecords: MAX_RECORDS }, MARKER_PAGES('DBInstances'));
    return raw.map((d) => {
      const id = d.DBInstanceIdentifier ?? malformed(region, 'DescribeDBInstances', 'a DB instance without an identifier');
      const inst: DbInstance = {
        id,
        arn: d.DBInstanceArn ?? `arn:${ctx.partition}:rds:${region}:${ctx.account}:db:${id}`,
        engine: d.Engine ?? '',
        storageEncrypted: flag(d.StorageEncrypted, 'StorageEncrypted', id, region),
        autoMinorVersionUpgrade: flag(d.AutoMinorVersionUpgrade, 'AutoMinorVersionUpgrade', id, region),
        publiclyAccessible: flag(d.PubliclyAccessible, 'PubliclyAccessible', id, region),
        multiAz: d.MultiAZ === true,
      };
      if (d.DBClusterIdentifier) inst.clusterId = d.DBClusterIdentifier;
      if (d.KmsKeyId) inst.kmsKeyId = d.KmsKeyId;
      if (d.AvailabilityZone) inst.availabilityZone = d.AvailabilityZone;
      if (d.DBInstanceStatus) inst.status = d.DBInstanceStatus;
      return inst;
    });
  },
});

export const dbClusters = defineRegionalDatum<DbCluster[]>({
  key: 'rds.dbClusters',
  description: 'RDS DB clusters (Aurora, Multi-AZ DB clusters) in each scanned region',
  reads: ['rds:DescribeDBClusters'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawCluster>(ctx, 'rds', region, 'DescribeDBClusters', { MaxRecords: MAX_RECORDS }, MARKER_PAGES('DBClusters'));
    return raw.map((c) => {
      const id = c.DBClusterIdentifier ?? malformed(region, 'DescribeDBClusters', 'a DB cluster without an identifier');
      return {
        id,
        arn: c.DBClusterArn ?? `arn:${ctx.partition}:rds:${region}:${ctx.account}:cluster:${id}`,
        engine: c.Engine ?? '',
        multiAz: c.MultiAZ === true,
        availabilityZones: c.AvailabilityZones ?? [],
        members: (c.DBClusterMembers ?? []).flatMap((m) => (m.DBInstanceIdentifier ? [m.DBInstanceIdentifier] : [])),
      };
    });
  },
});
