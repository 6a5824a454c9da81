import { readerView, type AwsReader } from '../aws/reader.js';
import { NEXT_TOKEN_PAGES, paginate } from './paginate.js';

// The accounts of an organisation, as the management account or a delegated administrator lists them: the
// whole organisation (ListAccounts), or the accounts under some OUs, recursively (ListAccountsForParent and
// ListOrganizationalUnitsForParent). Not a datum: it decides which accounts a multi-account scan enters.

export interface OrgAccount {
  id: string;
  name?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (Status) or the newer State (ACTIVE, SUSPENDED, CLOSED, …). */
  state: string;
}

export const ORG_LISTING_READS = ['organizations:ListAccounts', 'organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'];

export const OU_ID_PATTERN = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

type ListedAccount = { Id: string; Name?: string; Status?: string; State?: string };

/** Every account of the organisation, or of the given OUs and the OUs below them, each once, sorted by id. */
export async function listOrgAccounts(reader: AwsReader, region: string, ous: string[] = []): Promise<OrgAccount[]> {
  const ctx = { aws: readerView(reader, true) };
  const listed: ListedAccount[] = [];
  if (ous.length === 0) {
    listed.push(...(await paginate<ListedAccount>(ctx, 'organizations', region, 'ListAccounts', {}, NEXT_TOKEN_PAGES('Accounts'))));
  } else {
    const seenOus = new Set<string>();
    const walk = async (parent: string): Promise<void> => {
      if (seenOus.has(parent)) return;
      seenOus.add(parent);
      const [accounts, children] = await Promise.all([
        paginate<ListedAccount>(ctx, 'organizations', region, 'ListAccountsForParent', { ParentId: parent }, NEXT_TOKEN_PAGES('Accounts')),
        paginate<{ Id?: string }>(ctx, 'organizations', region, 'ListOrganizationalUnitsForParent', { ParentId: parent }, NEXT_TOKEN_PAGES('OrganizationalUnits')),
      ]);
      listed.push(...accounts);
      await Promise.all(children.flatMap((c) => (c.Id ? [walk(c.Id)] : [])));
    };
    await Promise.all(ous.map(walk));
  }
  const byId = new Map<string, OrgAccount>();
  for (const a of listed) {
    byId.set(a.Id, { id: a.Id, ...(a.Name ? { name: a.Name } : {}), state: a.State ?? a.Status ?? 'UNKNOWN' });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
