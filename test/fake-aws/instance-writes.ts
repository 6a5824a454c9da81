import { AwsCallError } from '../../src/aws/errors.js';
import type { FakeAws } from './fake-aws.js';
import type { FakeNetworking } from './networking.js';

// ModifyInstanceMetadataOptions, applied to the model (State "applied" at once) so a re-scan sees it.
export function serveInstanceWrites(aws: FakeAws, model: FakeNetworking): void {
  aws.on('ec2', 'ModifyInstanceMetadataOptions', (input, region) => {
    const i = model.regions[region]?.instances?.find((x) => x.InstanceId === input.InstanceId);
    if (!i) throw new AwsCallError({ service: 'ec2', operation: 'ModifyInstanceMetadataOptions', region }, 'InvalidInstanceID.NotFound', `The instance ID '${input.InstanceId}' does not exist`);
    if (!model.ignoreWrites) {
      if (input.HttpTokens === 'optional' || input.HttpTokens === 'required') i.HttpTokens = input.HttpTokens;
      if (input.HttpEndpoint === 'enabled' || input.HttpEndpoint === 'disabled') i.HttpEndpoint = input.HttpEndpoint;
    }
    return {
      InstanceId: i.InstanceId,
      InstanceMetadataOptions: { State: 'pending', HttpTokens: i.HttpTokens, HttpEndpoint: i.HttpEndpoint ?? 'enabled', HttpPutResponseHopLimit: 2 },
    };
  });
}
