import type { Metadata } from "next";
import { Notice } from "../../../_components/notice.tsx";
import { OffboardButton } from "../../../_components/offboard-dialog.tsx";
import { PersonHeader } from "../../../_components/person-header.tsx";
import { PersonHistory } from "../../../_components/person-history.tsx";
import { PersonOrgSection } from "../../../_components/person-org.tsx";
import Link from "../../../_components/link.tsx";
import { attempt } from "../../../_data/attempt.ts";
import { loadPerson } from "../../../_data/people.ts";
import { getDashboardRuntime } from "../../../_data/runtime.ts";
import { requireViewer } from "../../../_data/viewer.ts";

type Props = { params: Promise<{ login: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).login) };
}

export default async function PersonPage({ params }: Props) {
  const login = decodeURIComponent((await params).login);
  const viewer = await requireViewer({ returnTo: `/people/${encodeURIComponent(login)}` });
  const result = await attempt(() => loadPerson({ viewer, login }));
  if (!result.ok) return <Notice kind="error">{result.message}</Notice>;
  const { person, canRevoke } = result.value;
  const choices = person.orgs.map((o) => ({ org: o.org, items: o.grants.length + o.credentials.length, canRevoke: canRevoke[o.org] ?? false }));
  const now = getDashboardRuntime().now();
  return (
    <>
      <p className="small"><Link href="/people">← People</Link></p>
      <PersonHeader person={person} now={now} />
      {choices.some((c) => c.items > 0) && <div className="actions" style={{ marginBottom: 16 }}><OffboardButton login={person.login} orgs={choices} /></div>}
      {person.orgs.map((o) => <PersonOrgSection key={o.orgId} o={o} login={person.login} now={now} />)}
      <PersonHistory history={person.history} />
    </>
  );
}
