// GET /api/orgs/{org}/version → { version }: a token that changes when the org's pages would show
// something new. The dashboard's pages poll it (app/_components/auto-refresh.tsx) and re-render only
// then. Its own security boundary: session → access to this org → the engine's version verb.
import { readOrgVersion } from "../../../../_data/live.ts";
import { getViewer } from "../../../../_data/viewer.ts";
import { errorResponse, textResponse } from "../../../../_lib/download-response.ts";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const org = decodeURIComponent((await params).org);
  const viewer = await getViewer();
  if (!viewer) return textResponse(401, "You are signed out; sign in again.");
  try {
    return Response.json(await readOrgVersion({ viewer, org }), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
