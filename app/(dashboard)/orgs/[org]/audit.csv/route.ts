// GET /orgs/{org}/audit.csv?actor=&action=&from=&to= — the audit log page's filter as a CSV download.
// Its own security boundary: session → access to this org → filter → stream.
import type { NextRequest } from "next/server";
import { exportAuditCsv } from "../../../../_data/audit-csv.ts";
import { getViewer } from "../../../../_data/viewer.ts";
import { attachmentResponse, errorResponse, textResponse } from "../../../../_lib/download-response.ts";

export async function GET(request: NextRequest, { params }: { params: Promise<{ org: string }> }) {
  const org = decodeURIComponent((await params).org);
  const viewer = await getViewer();
  if (!viewer) return textResponse(401, "You are signed out; sign in again to export the audit log.");
  try {
    const { filename, body } = await exportAuditCsv({ viewer, org, params: request.nextUrl.searchParams });
    return attachmentResponse({ filename, contentType: "text/csv; charset=utf-8", body });
  } catch (error) {
    return errorResponse(error);
  }
}
