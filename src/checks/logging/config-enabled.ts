import { configRecorders, type ConfigRecorder, type ConfigRegion } from '../../collect/config.js';
import type { Evidence, Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { failed } from '../../model/got.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';

// AWS Config must record every supported resource type in every scanned region, and the global (IAM) types in
// at least one of them. By default one working recorder per region suffices; with `configAllRecorders` every
// customer recorder of the region must record all supported types (service-linked recorders, which a service
// manages for its own few types, are shown but not judged).

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
  params: ['configAllRecorders'],
  evaluate(state, ctx) {
    const allRecorders = ctx.params.configAllRecorders ?? false;
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
      const { finding, working } = judgeRegion(resource, region, r.value, allRecorders);
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

function judgeRegion(resource: string, region: string, r: ConfigRegion, allRecorders: boolean): { finding: Finding; working?: ConfigRecorder } {
  const channelEvidence: Evidence = {
    source: 'config:DescribeDeliveryChannels', field: 'DeliveryChannels[].name', value: r.deliveryChannels.map((c) => c.name), expected: 'at least one',
  };
  const serviceLinked = r.recorders.filter((rec) => rec.servicePrincipal);
  const judged = allRecorders ? r.recorders.filter((rec) => !rec.servicePrincipal) : r.recorders;
  if (judged.length === 0) {
    return {
      finding: fail(resource, region, `${region} has no AWS Config recorder${serviceLinked.length > 0 ? ' of its own (only service-linked ones)' : ''}`, [
        { source: 'config:DescribeConfigurationRecorders', field: 'ConfigurationRecorders', value: r.recorders.map((rec) => rec.name), expected: 'a recorder recording all supported types' },
        channelEvidence,
      ]),
    };
  }
  const verdicts = judged.map((rec) => judgeRecorder(rec, r)).sort((a, b) => a.problems.length - b.problems.length);
  const best = verdicts[0]!;
  // Every recorder must pass (configAllRecorders): the worst one decides; otherwise the best one does.
  const decisive = allRecorders ? verdicts.filter((v) => v.problems.length > 0) : [best];
  const channelProblems = r.deliveryChannels.length === 0 ? ['there is no delivery channel'] : [];
  const evidence = [...(allRecorders ? verdicts : [best]).flatMap((v) => v.evidence), channelEvidence];
  if (allRecorders && serviceLinked.length > 0) {
    evidence.push({
      source: 'config:DescribeConfigurationRecorders', field: 'servicePrincipal',
      value: serviceLinked.map((rec) => ({ name: rec.name, servicePrincipal: rec.servicePrincipal })), expected: 'service-linked recorders are not judged',
    });
  }
  const failing = decisive.filter((v) => v.problems.length > 0);
  if (failing.length > 0 || channelProblems.length > 0) {
    const named = (failing.length > 0 ? failing : [best]).map((v) => [`recorder ${v.recorder.name}`, v.problems.join(', ')].filter(Boolean).join(' '));
    return { finding: fail(resource, region, `${region}: ${[named.join('; '), ...channelProblems].join(', ')}`, evidence) };
  }
  const who = allRecorders && judged.length > 1 ? `all ${judged.length} recorders (${judged.map((rec) => rec.name).join(', ')}) record` : `recorder ${best.recorder.name} records`;
  return {
    finding: pass(resource, region, `${region}: ${who} all supported types and ${allRecorders && judged.length > 1 ? 'are' : 'is'} recording`, evidence),
    // Here every judged recorder works when configAllRecorders is set; otherwise only the best one is known to.
    working: (allRecorders ? verdicts.find((v) => v.recorder.includeGlobalResourceTypes)?.recorder : undefined) ?? best.recorder,
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
