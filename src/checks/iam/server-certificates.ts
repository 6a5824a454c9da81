import { serverCertificates } from '../../collect/iam.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';

const LIST = 'iam:ListServerCertificates';

/**
 * Expired certificates in IAM can still be deployed by mistake: none may remain. An account with no
 * certificates has nothing this applies to: NOT_APPLICABLE (SPEC), like the other "no such resource" checks.
 */
export const expiredServerCertificates: Check = {
  id: 'iam-expired-server-certificates',
  description: 'No SSL/TLS server certificate stored in IAM has expired (ListServerCertificates Expiration)',
  needs: [serverCertificates],
  evaluate(state, ctx) {
    const certs = state.get(serverCertificates);
    if (!certs.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, certs.error, 'the IAM server certificates')];
    if (certs.value.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'no server certificates are stored in IAM')];
    const now = ctx.now.toISOString();
    return certs.value.map((c) => {
      const evidence = [{ source: LIST, field: 'ServerCertificateMetadataList[].Expiration', value: c.expiration ?? null, expected: `after ${now}` }];
      if (!c.expiration) {
        return {
          status: 'ERROR' as const, resource: c.arn, region: GLOBAL, message: `${c.name}: ListServerCertificates gave no Expiration`, evidence,
          error: { service: 'iam', operation: 'ListServerCertificates', region: GLOBAL, code: 'UnexpectedValue', message: `no Expiration for ${c.name}` },
        };
      }
      return new Date(c.expiration) < ctx.now
        ? fail(c.arn, GLOBAL, `${c.name} expired on ${c.expiration}`, evidence)
        : pass(c.arn, GLOBAL, `${c.name} is valid until ${c.expiration}`, evidence);
    });
  },
};
