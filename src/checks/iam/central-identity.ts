import { accountSummary, identityProviders } from '../../collect/iam.js';
import { organization } from '../../collect/organizations.js';
import type { Check } from '../check.js';
import { accountResource, GLOBAL, manual } from '../findings.js';
import { readEvidence, unreadNote } from '../read-evidence.js';

/**
 * Whether people sign in through a central identity provider cannot be read (an IdP can exist beside dozens of
 * IAM users): the evidence a person needs, MANUAL.
 */
export const centralIdentity: Check = {
  id: 'iam-central-identity',
  description: 'Evidence for central identity management: SAML and OIDC providers, IAM user count, organization membership',
  needs: [identityProviders, accountSummary, organization],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const idps = state.get(identityProviders);
    const summary = state.get(accountSummary);
    const org = state.get(organization);
    const evidence = [
      readEvidence(idps, 'iam:ListSAMLProviders', 'SAMLProviderList[].Arn', (v) => v.saml),
      readEvidence(idps, 'iam:ListOpenIDConnectProviders', 'OpenIDConnectProviderList[].Arn', (v) => v.oidc),
      readEvidence(summary, 'iam:GetAccountSummary', 'Users', (v) => v.Users ?? null),
      readEvidence(org, 'organizations:DescribeOrganization', 'Organization.Id', (v) => v?.id ?? null),
    ];
    const parts: string[] = [];
    if (idps.ok) parts.push(`${idps.value.saml.length} SAML and ${idps.value.oidc.length} OIDC provider(s)`);
    if (summary.ok && typeof summary.value.Users === 'number') parts.push(`${summary.value.Users} IAM user(s)`);
    if (org.ok) parts.push(org.value ? `member of organization ${org.value.id}` : 'not in an organization');
    const seen = parts.length > 0 ? `${parts.join(', ')}; ` : '';
    return [manual(accountResource(ctx), GLOBAL,
      `${seen}confirm people sign in through federation or IAM Identity Center and the IAM users left are justified${unreadNote(idps, summary, org)}`,
      evidence)];
  },
};
