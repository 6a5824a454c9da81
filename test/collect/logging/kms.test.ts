import { DescribeKeyCommand, GetKeyRotationStatusCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { kmsKeys } from '../../../src/collect/kms.js';
import { ACCOUNT } from '../../helpers/reader.js';
import { awsError, callsOf, clientRegion, mockLoggingAws, recordingCollector } from './mocks.js';

const aws = mockLoggingAws();
const keyArn = (id: string, region = 'us-east-1') => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const META: Record<string, Record<string, unknown>> = {
  rotating: { KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', KeyState: 'Enabled' },
  hmac: { KeyManager: 'CUSTOMER', KeySpec: 'HMAC_256', Origin: 'AWS_KMS', KeyState: 'Enabled' },
  rsa: { KeyManager: 'CUSTOMER', KeySpec: 'RSA_2048', Origin: 'AWS_KMS', KeyState: 'Enabled' },
  imported: { KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'EXTERNAL', KeyState: 'Enabled' },
  disabled: { KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', KeyState: 'Disabled' },
  managed: { KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', KeyState: 'Enabled' },
  legacy: { KeyManager: 'CUSTOMER', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', Origin: 'AWS_KMS', KeyState: 'Enabled' },
};

function serveKeys(pages: string[][]) {
  aws.kms.on(ListKeysCommand).callsFake(async (input: { Marker?: string }) => {
    const index = input.Marker === undefined ? 0 : Number(input.Marker.replace('m', ''));
    const ids = pages[index];
    if (!ids) throw new Error(`unexpected Marker ${input.Marker}`);
    const more = index + 1 < pages.length;
    return { Keys: ids.map((id) => ({ KeyId: id, KeyArn: keyArn(id) })), Truncated: more, ...(more ? { NextMarker: `m${index + 1}` } : {}) };
  });
  aws.kms.on(DescribeKeyCommand).callsFake(async (input: { KeyId: string }) => ({
    KeyMetadata: { KeyId: input.KeyId, Arn: keyArn(input.KeyId), ...META[input.KeyId] },
  }));
}

describe('kms keys datum', () => {
  it('follows every ListKeys page by Marker, describes every key, and reads rotation only for eligible keys', async () => {
    serveKeys([['rotating', 'hmac'], ['rsa', 'imported'], ['disabled', 'managed', 'legacy']]);
    aws.kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    const { collector, calls } = recordingCollector();
    const got = await collector.get(kmsKeys);
    if (!got.ok || !got.value['us-east-1']!.ok) throw new Error('failed');
    const keys = got.value['us-east-1']!.value;
    expect(keys.map((k) => k.keyId).sort()).toEqual(Object.keys(META).sort());
    expect(callsOf(calls, 'kms', 'ListKeys').map((c) => c.input)).toEqual([{ Limit: 1000 }, { Limit: 1000, Marker: 'm1' }, { Limit: 1000, Marker: 'm2' }]);
    expect(callsOf(calls, 'kms', 'DescribeKey')).toHaveLength(7);
    expect(callsOf(calls, 'kms', 'GetKeyRotationStatus').map((c) => c.input.KeyId).sort()).toEqual(['legacy', 'rotating']);
    const legacy = keys.find((k) => k.keyId === 'legacy')!;
    expect(legacy).toEqual({
      keyId: 'legacy', arn: keyArn('legacy'),
      metadata: { ok: true, value: { keyManager: 'CUSTOMER', keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', keyState: 'Enabled' } },
      rotationEnabled: { ok: true, value: true },
    });
    expect(keys.find((k) => k.keyId === 'hmac')!.rotationEnabled).toBeUndefined();
  });

  it('a DescribeKey denied by a key policy fails that key only', async () => {
    serveKeys([['rotating', 'locked']]);
    aws.kms.on(DescribeKeyCommand, { KeyId: 'locked' }).rejects(awsError('AccessDeniedException'));
    aws.kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    const got = await recordingCollector().collector.get(kmsKeys);
    if (!got.ok || !got.value['us-east-1']!.ok) throw new Error('failed');
    const keys = got.value['us-east-1']!.value;
    expect(keys.find((k) => k.keyId === 'locked')!.metadata).toEqual({ ok: false, error: expect.objectContaining({ operation: 'DescribeKey', code: 'AccessDeniedException' }) });
    expect(keys.find((k) => k.keyId === 'rotating')!.rotationEnabled).toEqual({ ok: true, value: false });
  });

  it('ListKeys denied in one region fails that region (never "no keys"); the others are read', async () => {
    aws.kms.on(ListKeysCommand).callsFake(async (_input, getClient) => {
      if ((await clientRegion(getClient)) === 'eu-west-1') throw awsError('AccessDeniedException');
      return { Keys: [], Truncated: false };
    });
    const got = await recordingCollector(['us-east-1', 'eu-west-1']).collector.get(kmsKeys);
    expect(got).toEqual({
      ok: true,
      value: {
        'us-east-1': { ok: true, value: [] },
        'eu-west-1': { ok: false, error: expect.objectContaining({ service: 'kms', operation: 'ListKeys', region: 'eu-west-1', code: 'AccessDeniedException' }) },
      },
    });
  });
});
