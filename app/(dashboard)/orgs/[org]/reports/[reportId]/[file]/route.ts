// GET /orgs/{org}/reports/{id}/report.(csv|json|md) — a stored report rendered in one format.
// Its own security boundary: session → access to this org → the report of this org → render.
import { exportReport } from "../../../../../../_data/reports.ts";
import { getViewer } from "../../../../../../_data/viewer.ts";
import { attachmentResponse, errorResponse, textResponse } from "../../../../../../_lib/download-response.ts";

const FILE = /^report\.(csv|json|md)$/;

export async function GET(_request: Request, { params }: { params: Promise<{ org: string; reportId: string; file: string }> }) {
  const p = await params;
  const org = decodeURIComponent(p.org);
  const format = FILE.exec(p.file)?.[1] as "csv" | "json" | "md" | undefined;
  if (!format || !/^\d{1,18}$/.test(p.reportId)) return textResponse(404, "Not found: reports download as report.csv, report.json or report.md.");
  const viewer = await getViewer();
  if (!viewer) return textResponse(401, "You are signed out; sign in again to download the report.");
  try {
    return attachmentResponse(await exportReport({ viewer, org, id: Number(p.reportId), format }));
  } catch (error) {
    return errorResponse(error);
  }
}
