import { defineRegionalDatum } from './datum.js';

// AWS Config per region: its recorders, their status and the delivery channels. Any failed read fails the
// region (a recorder without its status cannot be judged).

export interface ConfigRecorder {
  name: string;
  arn?: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  /** recordingStrategy.useOnly, when the recorder states one. */
  strategy?: string;
  resourceTypes: string[];
  /** Set for service-linked recorders (they record for one service only). */
  servicePrincipal?: string;
}

export interface ConfigRecorderStatus {
  name: string;
  recording: boolean;
  lastStatus?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
}

export interface ConfigRegion {
  recorders: ConfigRecorder[];
  statuses: ConfigRecorderStatus[];
  deliveryChannels: Array<{ name: string; s3BucketName?: string }>;
}

type RawRecorder = {
  name?: string; arn?: string; servicePrincipal?: string;
  recordingGroup?: {
    allSupported?: boolean; includeGlobalResourceTypes?: boolean; resourceTypes?: string[];
    recordingStrategy?: { useOnly?: string };
  };
};
type RawStatus = { name?: string; recording?: boolean; lastStatus?: string; lastErrorCode?: string; lastErrorMessage?: string };

export const configRecorders = defineRegionalDatum<ConfigRegion>({
  key: 'config.recorders',
  description: 'AWS Config recorders, recorder status and delivery channels in each region',
  reads: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus', 'config:DescribeDeliveryChannels'],
  async loadRegion(ctx, region) {
    const [rec, status, channels] = await Promise.all([
      ctx.aws.call<{ ConfigurationRecorders?: RawRecorder[] }>('config', region, 'DescribeConfigurationRecorders', {}),
      ctx.aws.call<{ ConfigurationRecordersStatus?: RawStatus[] }>('config', region, 'DescribeConfigurationRecorderStatus', {}),
      ctx.aws.call<{ DeliveryChannels?: Array<{ name?: string; s3BucketName?: string }> }>('config', region, 'DescribeDeliveryChannels', {}),
    ]);
    return {
      recorders: (rec.ConfigurationRecorders ?? []).map(toRecorder),
      statuses: (status.ConfigurationRecordersStatus ?? []).map((s) => {
        const out: ConfigRecorderStatus = { name: s.name ?? '', recording: s.recording === true };
        if (s.lastStatus) out.lastStatus = s.lastStatus;
        if (s.lastErrorCode) out.lastErrorCode = s.lastErrorCode;
        if (s.lastErrorMessage) out.lastErrorMessage = s.lastErrorMessage;
        return out;
      }),
      deliveryChannels: (channels.DeliveryChannels ?? []).map((c) => ({
        name: c.name ?? '',
        ...(c.s3BucketName ? { s3BucketName: c.s3BucketName } : {}),
      })),
    };
  },
});

function toRecorder(r: RawRecorder): ConfigRecorder {
  const g = r.recordingGroup;
  const out: ConfigRecorder = {
    name: r.name ?? '',
    allSupported: g?.allSupported === true,
    includeGlobalResourceTypes: g?.includeGlobalResourceTypes === true,
    resourceTypes: g?.resourceTypes ?? [],
  };
  if (r.arn) out.arn = r.arn;
  if (g?.recordingStrategy?.useOnly) out.strategy = g.recordingStrategy.useOnly;
  if (r.servicePrincipal) out.servicePrincipal = r.servicePrincipal;
  return out;
}
