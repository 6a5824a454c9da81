import { cloudfrontDistributions, loadBalancers, type AccessLogging } from '../../collect/frontends.js';
import type { Evidence, Finding } from '../../model/finding.js';
import { describeReadError, failed, type Got } from '../../model/got.js';
import type { Check } from '../check.js';
import { accountResource, GLOBAL, manual, notApplicable } from '../findings.js';
import { errorEvidence } from './trail-scope.js';

// Manual: the access-log setting of every CloudFront distribution and ELBv2 load balancer, for a person to judge
// (CloudFront logging v2 to CloudWatch Logs or Firehose, and API Gateway stages, are not read and must be checked).

const CLOUDFRONT = 'cloudfront:GetDistributionConfig';
const ELB = 'elasticloadbalancing:DescribeLoadBalancerAttributes';
const ALSO = 'also review API Gateway stage access logging by hand';

export const webFrontendAccessLogging: Check = {
  id: 'web-frontend-access-logging',
  description: 'Evidence: access logging of CloudFront distributions and load balancers (a person confirms every web front end logs)',
  needs: [cloudfrontDistributions, loadBalancers],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const findings: Finding[] = [];
    const cf = state.get(cloudfrontDistributions);
    if (!cf.ok) {
      findings.push(manual(resource, GLOBAL, `could not list CloudFront distributions (${describeReadError(cf.error)}): review them by hand`, [errorEvidence(cf.error)]));
    } else {
      for (const d of cf.value) {
        findings.push(judge(d.arn, GLOBAL, `CloudFront distribution ${d.id} (${d.domainName})`, d.logging, CLOUDFRONT, 'DistributionConfig.Logging',
          'confirm it logs; standard logging v2 (CloudWatch Logs, Firehose) is not visible here'));
      }
    }
    const lbs = state.get(loadBalancers);
    if (!lbs.ok) {
      findings.push(manual(resource, GLOBAL, `could not list load balancers (${describeReadError(lbs.error)}): review them by hand`, [errorEvidence(lbs.error)]));
    } else {
      for (const region of ctx.regions) {
        // A region missing from the datum was never read: our bug, shown like any failed read.
        const r = lbs.value[region] ?? failed({ service: 'cis-audit', operation: 'collect elbv2.loadBalancers', region, code: 'NotCollected', message: 'the region was not read' });
        if (!r.ok) {
          findings.push(manual(resource, region, `could not list the load balancers of ${region} (${describeReadError(r.error)}): review them by hand`, [errorEvidence(r.error)]));
          continue;
        }
        for (const lb of r.value) {
          const hint = lb.type === 'gateway' ? 'gateway load balancers have no access logs: confirm what logs its traffic' : 'confirm whether it serves web traffic that must be logged';
          findings.push(judge(lb.arn, region, `${lb.type} load balancer ${lb.name}`, lb.accessLogs, ELB, 'access_logs.s3.enabled', hint));
        }
      }
    }
    if (findings.length === 0) {
      return [notApplicable(resource, GLOBAL, `no CloudFront distribution and no load balancer in the scanned regions; ${ALSO}`, [
        { source: 'cloudfront:ListDistributions', field: 'DistributionList.Items', value: [] },
        { source: 'elasticloadbalancing:DescribeLoadBalancers', field: 'LoadBalancers', value: [], expected: `in ${ctx.regions.join(', ')}` },
      ])];
    }
    return findings;
  },
};

function judge(resource: string, region: string, what: string, got: Got<AccessLogging>, source: string, field: string, confirm: string): Finding {
  if (!got.ok) return manual(resource, region, `${what}: could not read its access logging (${describeReadError(got.error)}); review it by hand`, [errorEvidence(got.error)]);
  const l = got.value;
  const evidence: Evidence[] = [{ source, field, value: l.enabled, expected: 'true' }];
  if (l.bucket) evidence.push({ source, field: 'bucket', value: l.bucket });
  if (l.prefix) evidence.push({ source, field: 'prefix', value: l.prefix });
  const state = l.enabled ? `access logging to S3 is on${l.bucket ? ` (bucket ${l.bucket})` : ''}` : 'access logging to S3 is off';
  return manual(resource, region, `${what}: ${state}; ${l.enabled ? 'confirm the logs are retained and reviewed' : confirm}; ${ALSO}`, evidence);
}
