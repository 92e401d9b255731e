// Engine verbs for people: one person across every installed org (or the orgs given), and the list
// of people sorted by risk. Faces pass the orgs the viewer may see; the engine does not know viewers.
import { listOrgsWithMembers, listPersonAudit, listPersonRecords } from "../../db/queries/people.ts";
import { listPeople, PEOPLE_SORTS, type PeopleSort, type PersonListRow } from "../../db/queries/people-list.ts";
import { listOrgs } from "../../db/queries/orgs.ts";
import type { Org } from "../../db/schema.ts";
import { decodeCursorParts, encodeCursorParts } from "../../model/cursor-text.ts";
import { InvalidInput, NotFound } from "../../model/errors.ts";
import type { EngineContext } from "../engine-context.ts";
import { applyMemberRemovedPolicy, type MemberRemovedOutcome } from "./member-removed.ts";
import { isKnown, shapePerson, type Person } from "./person.ts";

export type { MemberRemovedOutcome, Person, PeopleSort };
export { PEOPLE_SORTS };
export type { Membership, PersonAuditEntry, PersonCredential, PersonGrant, PersonOrg, PersonRemoval, PersonRequest } from "./person.ts";

export type PeopleListRow = Omit<PersonListRow, "orgIds" | "leftOrgIds"> & { orgs: string[]; leftOrgs: string[]; cursor: string };
export type PeopleList = { rows: PeopleListRow[]; nextCursor: string | null };

export const PEOPLE_PAGE_MAX = 200;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export function createPeopleVerbs(ctx: EngineContext) {
  /** The installed orgs, or those of `orgIds` (InvalidInput naming an id patwarden does not know). */
  const chooseOrgs = async (orgIds: number[] | undefined): Promise<Org[]> => {
    const all = (await listOrgs({ db: ctx.db })).filter((o) => o.installationId !== null);
    if (orgIds === undefined) return all;
    const unknown = orgIds.filter((id) => !all.some((o) => o.id === id));
    if (unknown.length) throw new InvalidInput("orgIds", `no installed org has id ${unknown.join(", ")}`);
    return all.filter((o) => orgIds.includes(o.id));
  };

  return {
    /**
     * One person in each chosen org: membership, active grants and credentials, pending requests,
     * and the history of what was removed (with the audit entries). NotFound when patwarden has
     * never seen the login in those orgs.
     */
    async get({ login, orgIds }: { login: string; orgIds?: number[] }): Promise<Person> {
      const name = login.trim().replace(/^@/, "");
      if (!LOGIN.test(name)) throw new InvalidInput("login", "a GitHub login: letters, digits and hyphens, up to 39 characters");
      const orgs = await chooseOrgs(orgIds);
      const ids = orgs.map((o) => o.id);
      const records = await listPersonRecords({ db: ctx.db, login: name, orgIds: ids });
      if (!isKnown(records)) {
        throw new NotFound(`${name} has no membership, grant, credential or request in ${orgs.length === 1 ? orgs[0]!.login : `any of ${orgs.length} orgs`} that patwarden knows of.`);
      }
      const [audit, syncedOrgIds] = await Promise.all([
        listPersonAudit({
          db: ctx.db, login: name, orgIds: ids,
          grantIds: [...records.activeGrants, ...records.removedGrants].map((g) => g.id),
          credentialIds: [...records.activeCredentials, ...records.removedCredentials].map((c) => c.credentialId),
        }),
        listOrgsWithMembers({ db: ctx.db, orgIds: ids }),
      ]);
      return shapePerson({ login: name, orgs, records, audit, syncedOrgIds, now: ctx.now() });
    },

    /**
     * organization.member_removed, after sync.applyMemberRemoved: the org's policy
     * (offboarding.onMemberRemoved) reports what offboarding would remove, or offboards the person
     * in that org. null when patwarden does not know the org.
     */
    async applyMemberRemoved({ orgId, login }: { orgId: number; login: string }): Promise<MemberRemovedOutcome | null> {
      return applyMemberRemovedPolicy(ctx, { orgId, login });
    },

    /**
     * Everyone who holds something in the chosen orgs or is (or was) a member there, with counts,
     * orgs, where they left, highest risk; `q` matches part of the login; keyset pages of `limit`.
     */
    async list({ q, orgIds, sort = "risk", after, limit = 50 }: { q?: string; orgIds?: number[]; sort?: PeopleSort; after?: string; limit?: number }): Promise<PeopleList> {
      if (!PEOPLE_SORTS.includes(sort)) throw new InvalidInput("sort", `one of ${PEOPLE_SORTS.join(", ")}`);
      if (!Number.isInteger(limit) || limit < 1 || limit > PEOPLE_PAGE_MAX) throw new InvalidInput("limit", `a whole number from 1 to ${PEOPLE_PAGE_MAX}`);
      const keyset = after === undefined ? undefined : decodePeopleCursor(after, sort);
      const orgs = await chooseOrgs(orgIds);
      const loginOf = new Map(orgs.map((o) => [o.id, o.login]));
      const page = await listPeople({ db: ctx.db, orgIds: orgs.map((o) => o.id), q: q?.trim() || undefined, sort, after: keyset, limit });
      const rows = page.rows.map(({ orgIds: inOrgs, leftOrgIds, ...r }) => ({
        ...r,
        orgs: inOrgs.map((id) => loginOf.get(id) ?? String(id)).sort(),
        leftOrgs: leftOrgIds.map((id) => loginOf.get(id) ?? String(id)).sort(),
        cursor: encodeCursorParts([sort, sortValue(r, sort), r.key]),
      }));
      return { rows, nextCursor: page.hasNext ? (rows.at(-1)?.cursor ?? null) : null };
    },
  };
}

const sortValue = (r: Pick<PersonListRow, "maxRisk" | "grants" | "key">, sort: PeopleSort) =>
  sort === "risk" ? r.maxRisk : sort === "grants" ? r.grants : r.key;

function decodePeopleCursor(text: string, sort: PeopleSort): { value: number | string; key: string } {
  const parts = decodeCursorParts(text, 3);
  if (!parts || parts[0] !== sort || typeof parts[2] !== "string" || !(typeof parts[1] === "number" || typeof parts[1] === "string")) {
    throw new InvalidInput("after", `not a cursor of this people list sorted by ${sort}; start from the first page`);
  }
  return { value: parts[1], key: parts[2] };
}
