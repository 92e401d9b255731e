// GET /orgs/{org}/audit.csv?actor=&action=&from=&to= — the audit log page's filter as a CSV download.
// Its own security boundary: session → access to this org → filter → stream.
import type { NextRequest } from "next/server";
import { HTTP_STATUS, type PatwardenError } from "../../../../../bot/errors.ts";
import { exportAuditCsv } from "../../../../_data/audit-csv.ts";
import { describeError } from "../../../../_data/attempt.ts";
import { getViewer } from "../../../../_data/viewer.ts";

export async function GET(request: NextRequest, { params }: { params: Promise<{ org: string }> }) {
  const org = decodeURIComponent((await params).org);
  const viewer = await getViewer();
  if (!viewer) return text(401, "You are signed out; sign in again to export the audit log.");
  try {
    const { filename, body } = await exportAuditCsv({ viewer, org, params: request.nextUrl.searchParams });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    const kind = (error as { kind?: PatwardenError["kind"] }).kind;
    return text(kind ? HTTP_STATUS[kind] ?? 500 : 500, describeError(error));
  }
}

function text(status: number, message: string) {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
