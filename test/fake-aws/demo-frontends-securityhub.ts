import type { FakeFrontendsAndHub } from './frontends-securityhub.js';

// The demo account's Security Hub and web front ends (see demo-account.ts for the story): Security Hub was turned
// on in the two main regions only; the marketing site's CloudFront distribution logs, the docs one never did;
// the public ALB logs to S3, the internal NLB in eu-west-1 does not.
export function demoFrontendsAndHub(_account: string): FakeFrontendsAndHub {
  return {
    securityHub: {
      'us-east-1': { SubscribedAt: '2024-02-12T14:03:27.118Z' },
      'eu-west-1': { SubscribedAt: '2024-02-12T14:05:51.904Z' },
    },
    distributions: [
      { Id: 'E2QWRUHAPOMQZL', DomainName: 'd1a2b3c4d5e6f7.cloudfront.net', logging: { Bucket: 'acme-access-logs.s3.amazonaws.com', Prefix: 'cloudfront/www/' } },
      { Id: 'E1KX7Y2DOCS9ZP', DomainName: 'd7f6e5d4c3b2a1.cloudfront.net' },
    ],
    loadBalancers: [
      { name: 'acme-web', region: 'us-east-1', Type: 'application', accessLogs: { bucket: 'acme-access-logs', prefix: 'alb/acme-web' } },
      { name: 'acme-ingest', region: 'eu-west-1', Type: 'network', Scheme: 'internal' },
    ],
  };
}
