import {
  DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand, DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { describe, expect, it } from 'vitest';
import { configRecorders } from '../../../src/collect/config.js';
import { awsError, clientRegion, mockLoggingAws, recordingCollector } from './mocks.js';

const aws = mockLoggingAws();

describe('config recorders datum', () => {
  it('reads recorders, their status and delivery channels in every region; a denied region fails alone', async () => {
    aws.config.on(DescribeConfigurationRecordersCommand).callsFake(async (_input, getClient) => {
      if ((await clientRegion(getClient)) === 'eu-west-1') throw awsError('AccessDeniedException');
      return {
        ConfigurationRecorders: [{
          name: 'default', arn: 'arn:aws:config:us-east-1:111122223333:configuration-recorder/default/abc',
          recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
        }],
      };
    });
    aws.config.on(DescribeConfigurationRecorderStatusCommand).resolves({
      ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }],
    });
    aws.config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'config-bucket' }] });
    const { collector, calls } = recordingCollector(['us-east-1', 'eu-west-1']);
    const got = await collector.get(configRecorders);
    expect(got).toEqual({
      ok: true,
      value: {
        'us-east-1': {
          ok: true,
          value: {
            recorders: [{
              name: 'default', arn: 'arn:aws:config:us-east-1:111122223333:configuration-recorder/default/abc', allSupported: true,
              includeGlobalResourceTypes: true, strategy: 'ALL_SUPPORTED_RESOURCE_TYPES', resourceTypes: [],
            }],
            statuses: [{ name: 'default', recording: true, lastStatus: 'Success' }],
            deliveryChannels: [{ name: 'default', s3BucketName: 'config-bucket' }],
          },
        },
        'eu-west-1': {
          ok: false,
          error: expect.objectContaining({ service: 'config', operation: 'DescribeConfigurationRecorders', region: 'eu-west-1', code: 'AccessDeniedException' }),
        },
      },
    });
    expect(calls.filter((c) => c.service === 'config').map((c) => `${c.region} ${c.operation}`).sort()).toEqual([
      'eu-west-1 DescribeConfigurationRecorderStatus', 'eu-west-1 DescribeConfigurationRecorders', 'eu-west-1 DescribeDeliveryChannels',
      'us-east-1 DescribeConfigurationRecorderStatus', 'us-east-1 DescribeConfigurationRecorders', 'us-east-1 DescribeDeliveryChannels',
    ]);
  });

  it('a region with no recorder is an empty (readable) region, not a failure', async () => {
    aws.config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    aws.config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    aws.config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [] });
    const got = await recordingCollector(['us-west-2']).collector.get(configRecorders);
    expect(got).toEqual({ ok: true, value: { 'us-west-2': { ok: true, value: { recorders: [], statuses: [], deliveryChannels: [] } } } });
  });

  it('exclusion-based recorders keep their strategy and allSupported=false', async () => {
    aws.config.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [{
        name: 'default',
        recordingGroup: { allSupported: false, includeGlobalResourceTypes: false, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' }, exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::Volume'] } },
      }],
    });
    aws.config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    aws.config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [] });
    const got = await recordingCollector().collector.get(configRecorders);
    if (!got.ok || !got.value['us-east-1']!.ok) throw new Error('failed');
    expect(got.value['us-east-1']!.value.recorders[0]).toMatchObject({ allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES' });
  });
});
