import { isAwsError } from '../../aws/errors.js';
import { fileSystems } from '../../collect/efs.js';
import { cloudShellEntities, cloudShellPolicyArn, credentialReport, serverCertificates } from '../../collect/iam.js';
import type { Finding } from '../../model/finding.js';
import { describeReadError } from '../../model/got.js';
import type { RemediationPlan, Remediator } from '../types.js';

// Controls a fix should not change on its own, with instructions that name this account's resources. Expired
// server certificates are the exception: with --allow-disruptive they are deleted (which cannot be undone).

const nameOf = (arn: string) => arn.split(/[/:]/).pop() ?? arn;
const plan = (id: string, check: string, guidance: string[]): RemediationPlan => ({ remediator: id, checks: [check], steps: [], guidance });
const failed = (failing: Map<string, Finding[]>, check: string) => (failing.get(check) ?? []).filter((f) => f.status === 'FAIL');

const MFA_DELETE = 's3-mfa-delete';
/** MFA delete: only the root user, with its MFA device, can enable it (the API needs --mfa). */
export const mfaDeleteGuidance: Remediator = {
  id: 'mfa-delete-guidance', checks: [MFA_DELETE], permissions: [], needs: [],
  async plan({ failing, ctx }) {
    const buckets = failed(failing, MFA_DELETE);
    return plan('mfa-delete-guidance', MFA_DELETE, [
      ...buckets.map((f) => `${nameOf(f.resource)} (${f.region}): ${f.message.replace(/^[^:]+: /, '')} — as the root user of ${ctx.account}, with its MFA device: `
        + `\`aws s3api put-bucket-versioning --bucket ${nameOf(f.resource)} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root's MFA device ARN> <current code>"\``
        + (/versioning is/.test(f.message) ? ' (this also turns versioning on: old object versions are kept and billed)' : '')),
      ...(buckets.length > 0 ? ['only root can do this (IAM users and roles cannot, whatever their permissions); afterwards deleting object versions or suspending versioning needs root\'s MFA code'] : []),
    ]);
  },
};

const EFS = 'efs-encrypted';
/** EFS: encryption at rest is chosen at creation; an existing file system cannot be encrypted in place. */
export const efsEncryptionGuidance: Remediator = {
  id: 'efs-encryption-guidance', checks: [EFS], permissions: [], needs: [fileSystems],
  async plan({ failing, state }) {
    const got = state.get(fileSystems);
    const listed = got.ok ? Object.values(got.value).flatMap((r) => (r.ok ? r.value : [])) : [];
    return plan('efs-encryption-guidance', EFS, failed(failing, EFS).map((f) => {
      const fs = listed.find((x) => x.arn === f.resource);
      const id = fs?.id ?? nameOf(f.resource);
      return `${id}${fs?.name ? ` (${fs.name})` : ''} in ${f.region} is not encrypted and cannot be encrypted in place: create an encrypted file system `
        + `(\`aws efs create-file-system --region ${f.region} --encrypted [--kms-key-id KEY]\`), copy the data (AWS DataSync, or restore an AWS Backup recovery point of ${id} to the new file system), `
        + `move the mount targets / clients over, then delete ${id} (\`aws efs delete-file-system --region ${f.region} --file-system-id ${id}\`, after deleting its mount targets)`;
    }));
  },
};

const CLOUDSHELL = 'iam-cloudshell-full-access';
/** AWSCloudShellFullAccess: detaching it is the owner's call (people may rely on CloudShell); name each principal. */
export const cloudShellGuidance: Remediator = {
  id: 'cloudshell-guidance', checks: [CLOUDSHELL], permissions: [], needs: [cloudShellEntities],
  async plan({ failing, state, ctx }) {
    if (failed(failing, CLOUDSHELL).length === 0) return plan('cloudshell-guidance', CLOUDSHELL, []);
    const got = state.get(cloudShellEntities);
    if (!got.ok) return plan('cloudshell-guidance', CLOUDSHELL, [`the principals with AWSCloudShellFullAccess could not be listed: ${describeReadError(got.error)}`]);
    const arn = cloudShellPolicyArn(ctx.partition);
    const { users, groups, roles } = got.value;
    return plan('cloudshell-guidance', CLOUDSHELL, [
      ...users.map((u) => `user ${u}: \`aws iam detach-user-policy --user-name ${u} --policy-arn ${arn}\``),
      ...groups.map((g) => `group ${g}: \`aws iam detach-group-policy --group-name ${g} --policy-arn ${arn}\``),
      ...roles.map((r) => `role ${r}: \`aws iam detach-role-policy --role-name ${r} --policy-arn ${arn}\``),
      'where CloudShell is still needed, attach a narrower policy instead (e.g. AWSCloudShellFullAccess minus cloudshell:GetFileUploadUrls / GetFileDownloadUrls, or a Deny on them)',
    ]);
  },
};

const ONE_KEY = 'iam-one-active-key';
type ListedKey = { AccessKeyId?: string; Status?: string; CreateDate?: Date | string };
/** More than one active key: which key to keep is the user's call; name the keys (ListAccessKeys) with their ages. */
export const oneActiveKeyGuidance: Remediator = {
  id: 'one-active-key-guidance', checks: [ONE_KEY], permissions: ['iam:ListAccessKeys'], needs: [credentialReport],
  async plan({ failing, read, ctx }) {
    const out: string[] = [];
    for (const f of failed(failing, ONE_KEY)) {
      const user = nameOf(f.resource);
      let keys: ListedKey[];
      try {
        keys = (await read.call<{ AccessKeyMetadata?: ListedKey[] }>('iam', ctx.homeRegion, 'ListAccessKeys', { UserName: user })).AccessKeyMetadata ?? [];
      } catch (err) {
        if (!isAwsError(err)) throw err;
        out.push(`${user}: ${f.message}; the key ids could not be listed (iam:ListAccessKeys failed: ${err.code}) — \`aws iam list-access-keys --user-name ${user}\``);
        continue;
      }
      const active = keys.filter((k) => k.Status === 'Active');
      const named = active.map((k) => `${k.AccessKeyId} (created ${k.CreateDate ? new Date(k.CreateDate).toISOString().slice(0, 10) : 'at an unknown time'})`);
      out.push(`${user} has ${active.length} active access keys: ${named.join(', ')} — move every workload to one of them (or better, to a role), then `
        + `\`aws iam update-access-key --user-name ${user} --access-key-id <the other> --status Inactive\` and, once nothing breaks, \`aws iam delete-access-key\``);
    }
    return plan('one-active-key-guidance', ONE_KEY, out);
  },
};

const CERTS = 'iam-expired-server-certificates';
/** Expired IAM server certificates: named; deleted only with --allow-disruptive (IAM cannot give the key back, so no undo). */
export const expiredCertificatesRemediator: Remediator = {
  id: 'expired-server-certificates',
  checks: [CERTS],
  permissions: ['iam:DeleteServerCertificate'],
  needs: [serverCertificates],
  async plan({ failing, state, ctx, options }) {
    const p = plan('expired-server-certificates', CERTS, []);
    const got = state.get(serverCertificates);
    if (!got.ok) return { ...p, guidance: [`the server certificates could not be listed: ${describeReadError(got.error)}`] };
    for (const f of failed(failing, CERTS)) {
      const cert = got.value.find((c) => c.arn === f.resource);
      if (!cert) {
        p.guidance.push(`${f.resource}: ${f.message} — not in the collected list; delete it by hand with \`aws iam delete-server-certificate\``);
        continue;
      }
      const expired = cert.expiration ? new Date(cert.expiration).toISOString() : 'an unknown date';
      if (!options.allowDisruptive) {
        p.guidance.push(`${cert.name} expired on ${expired}: \`aws iam delete-server-certificate --server-certificate-name ${cert.name}\` (or rerun with --allow-disruptive); `
          + 'first check that no load balancer listener or CloudFront distribution still names it');
        continue;
      }
      p.steps.push({
        describe: `delete IAM server certificate ${cert.name} (expired ${expired})`,
        call: { service: 'iam', region: ctx.homeRegion, operation: 'DeleteServerCertificate', input: { ServerCertificateName: cert.name } },
        prior: { ServerCertificateName: cert.name, Arn: cert.arn, Expiration: expired },
        undo: { manual: `cis-audit cannot restore ${cert.name}: IAM never returns a certificate's private key. Re-upload it from your own copy with \`aws iam upload-server-certificate\` if it is needed` },
        changes: [cert.arn],
        warning: `deletion cannot be undone (IAM never returns the private key; undo lists it as a manual step). IAM refuses it (DeleteConflict) while a load balancer uses ${cert.name}`,
      });
    }
    return p;
  },
};

export const accountGuidanceRemediators: Remediator[] = [mfaDeleteGuidance, efsEncryptionGuidance, cloudShellGuidance, oneActiveKeyGuidance, expiredCertificatesRemediator];
