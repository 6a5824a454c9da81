import { AwsCallError } from '../../src/aws/errors.js';
import type { LiveOptions } from '../../src/aws/live-transport.js';
import type { AwsCall, AwsTransport } from '../../src/aws/transport.js';
import { serveAccount, type FakeAccount } from './account.js';
import { demoAccount } from './demo-account.js';
import { FakeAws, page } from './fake-aws.js';

// A fictional organisation: a management account that lists its accounts and hands out role sessions, and one
// FakeAws per member. `makeTransport` stands in for LiveTransport: a transport with credentials goes to the
// account whose session the credentials are (so entering, refreshing and routing are all exercised).

export interface FakeMember {
  id: string;
  name?: string;
  state?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  /** The OU it is in (default the root). */
  parent?: string;
  /** AssumeRole into it is refused. */
  denyAssume?: boolean;
  /** Changes to its account model (default: the demo account with this id). */
  tweak?: (a: FakeAccount) => void;
  /** Milliseconds each of its answers takes. */
  latencyMs?: number;
}

export interface FakeOrganization {
  management: FakeAws;
  members: Map<string, FakeAws>;
  makeTransport: (o: LiveOptions) => AwsTransport;
  /** When each account's last call was answered (ms since the epoch). */
  lastAnswer: Map<string, number>;
}

export function accountModel(id: string, tweak?: (a: FakeAccount) => void): FakeAccount {
  const a = demoAccount();
  a.account = id;
  a.callerArn = `arn:aws:sts::${id}:assumed-role/audit/cis-audit`;
  tweak?.(a);
  return a;
}

export function fakeOrganization(managementId: string, members: FakeMember[], ous: Array<{ id: string; parent: string }> = [], pageSize = 2): FakeOrganization {
  const all: FakeMember[] = [{ id: managementId, name: 'management' }, ...members];
  const management = serveAccount(accountModel(managementId));
  const listed = (list: FakeMember[]) => list.map((m) => ({ Id: m.id, Name: m.name ?? `acct-${m.id}`, Arn: `arn:aws:organizations::${managementId}:account/o-x/${m.id}`, Status: m.state ?? 'ACTIVE', State: m.state ?? 'ACTIVE' }));
  const paged = (items: unknown[], input: Record<string, any>, key: string) => page(items, input, { size: pageSize, inToken: 'NextToken', outToken: 'NextToken', key });
  management.on('organizations', 'ListAccounts', (input) => paged(listed(all), input, 'Accounts'));
  management.on('organizations', 'ListAccountsForParent', (input) => paged(listed(all.filter((m) => (m.parent ?? 'r-root') === input.ParentId)), input, 'Accounts'));
  management.on('organizations', 'ListOrganizationalUnitsForParent', (input) => paged(ous.filter((o) => o.parent === input.ParentId).map((o) => ({ Id: o.id, Name: o.id })), input, 'OrganizationalUnits'));
  let session = 0;
  management.on('sts', 'AssumeRole', (input, region) => {
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(String(input.RoleArn))?.[1];
    const m = all.find((x) => x.id === account);
    if (!m || m.denyAssume) {
      throw new AwsCallError({ service: 'sts', operation: 'AssumeRole', region }, 'AccessDenied', `User: arn:aws:iam::${managementId}:user/ci is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    }
    session++;
    return { Credentials: { AccessKeyId: `ASIA${account}S${session}`, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) } };
  });
  const fakes = new Map(members.map((m) => [m.id, serveAccount(accountModel(m.id, m.tweak))]));
  const lastAnswer = new Map<string, number>();
  const latency = new Map(all.map((m) => [m.id, m.latencyMs ?? 0]));
  const timed = (id: string, fake: FakeAws): AwsTransport => ({
    async send(call: AwsCall) {
      const ms = latency.get(id) ?? 0;
      if (ms > 0) await new Promise((r) => setTimeout(r, ms));
      try {
        return await fake.send(call);
      } finally {
        lastAnswer.set(id, Date.now());
      }
    },
  });
  return {
    management,
    members: fakes,
    lastAnswer,
    makeTransport: (o) => {
      if (!o.credentials) return timed(managementId, management);
      const credentials = o.credentials;
      return {
        async send(call: AwsCall) {
          const id = /^ASIA(\d{12})S/.exec((await credentials()).accessKeyId)?.[1];
          const fake = id ? fakes.get(id) : undefined;
          if (!id || !fake) throw new Error(`no account for these credentials`);
          return timed(id, fake).send(call);
        },
      };
    },
  };
}
