import { headers } from "next/headers";
import type { ReactNode } from "react";
import { attempt } from "../../../_data/attempt.ts";
import { REQUEST_PATH_HEADER } from "../../../_lib/request-path.ts";
import { requireOrgAccess } from "../../../_data/org-access.ts";
import { requireViewer } from "../../../_data/viewer.ts";

type Props = { children: ReactNode; params: Promise<{ org: string }> };

// The org's gate, before loading.tsx's boundary starts streaming: a signed-out visitor gets a real
// redirect and a hidden or unknown org a real 404, not a 200 carrying Next's meta tags (monitoring
// reads statuses). Pages and actions still check for themselves: layouts are not re-rendered on
// client navigation. A database failure here is left to the page, which shows it in place.
export default async function OrgLayout({ children, params }: Props) {
  const org = decodeURIComponent((await params).org);
  const path = (await headers()).get(REQUEST_PATH_HEADER);
  const returnTo = path && path.startsWith("/orgs/") && !path.includes("_rsc=") ? path : `/orgs/${encodeURIComponent(org)}`;
  const viewer = await requireViewer({ returnTo });
  await attempt(() => requireOrgAccess({ viewer, org }));
  return children;
}
