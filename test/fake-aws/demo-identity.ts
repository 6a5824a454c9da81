import type { FakeIdentity } from './identity.js';

// Acme Analytics' identity settings for the newer CIS versions. The account is a member of the Acme
// organization (its management account is 100000000001), so Organizations lists and IAM's org features are
// refused: the v7 Organizations items show what a member account can and cannot see.
export function demoIdentity(A: string): FakeIdentity {
  return {
    serverCertificates: [
      // The old load balancer certificate nobody deleted (FAIL), and the current one.
      { ServerCertificateName: 'acme-www-2025', Expiration: '2026-03-14T12:00:00Z' },
      { ServerCertificateName: 'acme-www-2026', Expiration: '2027-03-14T12:00:00Z' },
    ],
    samlProviders: [`arn:aws:iam::${A}:saml-provider/AcmeOkta`],
    oidcProviders: ['arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com'],
    awsManagedPolicies: {
      'arn:aws:iam::aws:policy/SecurityAudit': { DefaultVersionId: 'v41', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'cloudtrail:Describe*', 's3:GetBucketPolicy'], Resource: '*' }] } },
      'arn:aws:iam::aws:policy/AWSSupportAccess': { DefaultVersionId: 'v2', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['support:*'], Resource: '*' }] } },
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser': { DefaultVersionId: 'v6', Document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:PutImage'], Resource: '*' }] } },
    },
    analyzers: {
      // The security team's analyzer in the main region; eu-west-1 has only an unused-access one; us-west-2 none.
      'us-east-1': [{ name: 'acme-external-access', type: 'ACCOUNT', status: 'ACTIVE' }],
      'eu-west-1': [{ name: 'acme-unused-access', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' }],
    },
    alternateContacts: {
      OPERATIONS: { Name: 'Acme Platform On-call', Title: 'SRE', EmailAddress: 'platform-oncall@acme-analytics.example', PhoneNumber: '+44 20 7946 0000' },
      BILLING: { Name: 'Acme Finance', Title: 'Accounts payable', EmailAddress: 'aws-billing@acme-analytics.example', PhoneNumber: '+44 20 7946 0001' },
    },
    contactInformation: {
      FullName: 'Priya Raman', CompanyName: 'Acme Analytics Ltd', AddressLine1: '1 Example Street', City: 'London',
      PostalCode: 'EC1A 1AA', CountryCode: 'GB', PhoneNumber: '+44 20 7946 0002',
    },
    organization: {
      Id: 'o-acme4x7k2p', MasterAccountId: '100000000001', FeatureSet: 'ALL', iamFeatures: ['RootCredentialsManagement'],
      policies: [], delegatedAdmins: [], rootId: 'r-ac12', units: [],
    },
    memberAccount: true,
  };
}
