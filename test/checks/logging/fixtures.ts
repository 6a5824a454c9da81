// Collected-state builders for the logging checks: trails, buckets, Config regions and KMS keys as the datums hold them.
import type { ManagementEvents, S3DataEvents, Trail, TrailInventory } from '../../../src/collect/cloudtrail.js';
import type { ConfigRegion } from '../../../src/collect/config.js';
import type { KmsKey, KmsKeyMetadata } from '../../../src/collect/kms.js';
import type { BucketExposure, PublicAccessBlock } from '../../../src/collect/s3.js';
import { failed, ok, type Got } from '../../../src/model/got.js';
import { ACCOUNT, HOME_REGION } from '../../helpers/check-state.js';

export const ALL_MANAGEMENT: ManagementEvents = { style: 'basic', read: true, write: true, excludedSources: [], otherConditions: [] };
export const NO_DATA_EVENTS: S3DataEvents = { style: 'basic', allBucketsRead: false, allBucketsWrite: false, selectors: [] };

export const trailArn = (name: string, region = HOME_REGION, account = ACCOUNT) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

/** A compliant multi-region trail unless overridden. */
export function trail(name: string, overrides: Partial<Trail> = {}): Trail {
  const homeRegion = overrides.homeRegion ?? HOME_REGION;
  return {
    arn: trailArn(name, homeRegion, overrides.ownerAccount ?? ACCOUNT),
    name,
    homeRegion,
    ownerAccount: ACCOUNT,
    isMultiRegion: true,
    isOrganizationTrail: false,
    s3BucketName: `${name}-logs`,
    logFileValidation: true,
    logGroupArn: `arn:aws:logs:${homeRegion}:${ACCOUNT}:log-group:${name}:*`,
    kmsKeyId: `arn:aws:kms:${homeRegion}:${ACCOUNT}:key/k-${name}`,
    seenIn: [homeRegion],
    status: ok({ isLogging: true, latestCloudWatchLogsDeliveryTime: '2026-05-31T22:00:00.000Z' }),
    selectors: ok(ALL_MANAGEMENT),
    s3DataEvents: ok(NO_DATA_EVENTS),
    ...overrides,
  };
}

/** The trail inventory; every region in `regions` listed fine unless given a failure in `unlisted`. */
export function inventory(list: Trail[], regions: string[] = [HOME_REGION], unlisted: Record<string, Got<string[]>> = {}): Got<TrailInventory> {
  const listed: Record<string, Got<string[]>> = {};
  for (const r of regions) listed[r] = unlisted[r] ?? ok(list.filter((t) => t.isMultiRegion || t.homeRegion === r).map((t) => t.arn));
  return ok({ listed, trails: list });
}

export function regionDenied<T = never>(service: string, operation: string, region: string, code = 'AccessDenied'): Got<T> {
  return failed({ service, operation, region, code, message: `not authorized to perform ${service}:${operation}` });
}

export const NO_BLOCK: PublicAccessBlock = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
export const FULL_BLOCK: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
export const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** A private bucket in us-east-1 with no policy and no block, unless overridden. */
export function bucket(overrides: Partial<BucketExposure> = {}): BucketExposure {
  return {
    location: { region: 'us-east-1', locationConstraint: null },
    acl: ok({ ownerId: 'owner', grants: [{ grantee: 'owner', granteeType: 'CanonicalUser', permission: 'FULL_CONTROL' }] }),
    policyStatus: ok(null),
    publicAccessBlock: ok(null),
    ...overrides,
  };
}

export const publicAcl = (grantee = AUTH_USERS, permission = 'READ') =>
  ok({ ownerId: 'owner', grants: [{ grantee, granteeType: 'Group', permission }] });

/** A Config region with one recording, all-supported recorder and a delivery channel, unless overridden. */
export function configRegion(overrides: { global?: boolean; recorder?: Partial<ConfigRegion['recorders'][number]>; status?: Partial<ConfigRegion['statuses'][number]>; noChannel?: boolean; noRecorder?: boolean } = {}): ConfigRegion {
  if (overrides.noRecorder) return { recorders: [], statuses: [], deliveryChannels: [] };
  return {
    recorders: [{
      name: 'default', allSupported: true, includeGlobalResourceTypes: overrides.global ?? false, strategy: 'ALL_SUPPORTED_RESOURCE_TYPES', resourceTypes: [],
      ...overrides.recorder,
    }],
    statuses: [{ name: 'default', recording: true, lastStatus: 'Success', ...overrides.status }],
    deliveryChannels: overrides.noChannel ? [] : [{ name: 'default', s3BucketName: 'config' }],
  };
}

export function key(id: string, meta: Partial<KmsKeyMetadata> = {}, rotation?: Got<boolean>, region = HOME_REGION): KmsKey {
  const k: KmsKey = {
    keyId: id,
    arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`,
    metadata: ok({ keyState: 'Enabled', keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', ...meta }),
  };
  if (rotation) k.rotationEnabled = rotation;
  return k;
}
