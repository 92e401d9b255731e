// GET /api/orgs/{org}/revoke-count?<the grants table's query> → { count }: the exact number of active
// grants a "select all matching" revocation would take, for the confirmation dialog, which shows a
// quick preview first and this count when it arrives. The browser aborts the request when the
// dialog closes or the selection changes; the aborted request cancels the count on the server.
// Its own security boundary: session → revoke access to this org → the engine's count verb.
import { countRevocationFor } from "../../../../_data/revocations.ts";
import { getViewer } from "../../../../_data/viewer.ts";
import { errorResponse, textResponse } from "../../../../_lib/download-response.ts";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const org = decodeURIComponent((await params).org);
  const viewer = await getViewer();
  if (!viewer) return textResponse(401, "You are signed out; sign in again.");
  const query = new URL(request.url).search.replace(/^\?/, "");
  if (query.length > 4000) return textResponse(400, "The filter is too long.");
  try {
    const counted = await countRevocationFor({ viewer, org, target: { kind: "filter", query }, signal: request.signal });
    return Response.json(counted, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return errorResponse(error);
  }
}
