import { configRecorders, type ConfigRecorder, type ConfigRegion } from '../../collect/config.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { failed } from '../../model/got.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';

// AWS Config must record every supported resource type in every scanned region, and the global (IAM) types in
// at least one of them.

const ALL_SUPPORTED = 'ALL_SUPPORTED_RESOURCE_TYPES';

interface RecorderVerdict {
  recorder: ConfigRecorder;
  problems: string[];
  evidence: Evidence[];
}

export const configEnabled: Check = {
  id: 'config-enabled-all-regions',
  description: 'AWS Config records all supported resource types in every region (global types in at least one), with a delivery channel',
  needs: [configRecorders],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const got = state.get(configRecorders);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'AWS Config')];
    const findings: Finding[] = [];
    const globalIn: string[] = [];
    let unreadable = 0;
    for (const region of ctx.regions) {
      const r = got.value[region] ?? notCollected(region);
      if (!r.ok) {
        unreadable++;
        findings.push(readErrorFinding(resource, region, r.error, `AWS Config in ${region}`));
        continue;
      }
      const { finding, working } = judgeRegion(resource, region, r.value);
      findings.push(finding);
      if (working?.includeGlobalResourceTypes) globalIn.push(region);
    }
    const globalEvidence = [{
      source: 'config:DescribeConfigurationRecorders',
      field: 'recordingGroup.includeGlobalResourceTypes',
      value: globalIn,
      expected: 'true on a working recorder in at least one scanned region',
    }];
    if (globalIn.length > 0) {
      findings.push(pass(resource, GLOBAL, `global resource types are recorded in ${globalIn.join(', ')}`, globalEvidence));
    } else if (unreadable > 0) {
      findings.push({
        status: 'ERROR',
        resource,
        region: GLOBAL,
        message: `no readable region records global resource types, and ${unreadable} region(s) could not be read`,
        evidence: globalEvidence,
        error: { service: 'config', operation: 'DescribeConfigurationRecorders', region: GLOBAL, code: 'RegionsUnreadable', message: 'see the regional ERROR findings' },
      });
    } else {
      findings.push(fail(resource, GLOBAL, 'no scanned region records global resource types (includeGlobalResourceTypes)', globalEvidence));
    }
    return findings;
  },
};

function judgeRegion(resource: string, region: string, r: ConfigRegion): { finding: Finding; working?: ConfigRecorder } {
  const channelEvidence: Evidence = {
    source: 'config:DescribeDeliveryChannels', field: 'DeliveryChannels[].name', value: r.deliveryChannels.map((c) => c.name), expected: 'at least one',
  };
  if (r.recorders.length === 0) {
    return {
      finding: fail(resource, region, `${region} has no AWS Config recorder`, [
        { source: 'config:DescribeConfigurationRecorders', field: 'ConfigurationRecorders', value: [], expected: 'a recorder recording all supported types' },
        channelEvidence,
      ]),
    };
  }
  const verdicts = r.recorders.map((rec) => judgeRecorder(rec, r)).sort((a, b) => a.problems.length - b.problems.length);
  const best = verdicts[0]!;
  const problems = [...best.problems];
  if (r.deliveryChannels.length === 0) problems.push('there is no delivery channel');
  const evidence = [...best.evidence, channelEvidence];
  if (problems.length > 0) {
    return { finding: fail(resource, region, `${region}: recorder ${best.recorder.name} ${problems.join(', ')}`, evidence) };
  }
  return {
    finding: pass(resource, region, `${region}: recorder ${best.recorder.name} records all supported types and is recording`, evidence),
    working: best.recorder,
  };
}

function judgeRecorder(rec: ConfigRecorder, r: ConfigRegion): RecorderVerdict {
  const status = r.statuses.find((s) => s.name === rec.name);
  const problems: string[] = [];
  if (!rec.allSupported) problems.push(`does not record all supported types (${rec.resourceTypes.length} listed)`);
  if (rec.strategy && rec.strategy !== ALL_SUPPORTED) problems.push(`uses recording strategy ${rec.strategy}`);
  if (!status) problems.push('has no status');
  else {
    if (!status.recording) problems.push('is not recording');
    if (status.lastStatus?.toUpperCase() === 'FAILURE') problems.push(`last recording failed (${status.lastErrorCode ?? 'no error code'})`);
  }
  const evidence: Evidence[] = [
    { source: 'config:DescribeConfigurationRecorders', field: `${rec.name}.recordingGroup.allSupported`, value: rec.allSupported, expected: 'true' },
    { source: 'config:DescribeConfigurationRecorders', field: `${rec.name}.recordingGroup.recordingStrategy.useOnly`, value: rec.strategy ?? null, expected: `${ALL_SUPPORTED} or unset` },
    { source: 'config:DescribeConfigurationRecorders', field: `${rec.name}.recordingGroup.includeGlobalResourceTypes`, value: rec.includeGlobalResourceTypes },
    { source: 'config:DescribeConfigurationRecorderStatus', field: `${rec.name}.recording`, value: status?.recording ?? null, expected: 'true' },
    { source: 'config:DescribeConfigurationRecorderStatus', field: `${rec.name}.lastStatus`, value: status?.lastStatus ?? null, expected: 'not Failure' },
  ];
  return { recorder: rec, problems, evidence };
}

const notCollected = (region: string) =>
  failed({ service: 'cis-audit', operation: 'collect config.recorders', region, code: 'NotCollected', message: 'the region was not read' });
