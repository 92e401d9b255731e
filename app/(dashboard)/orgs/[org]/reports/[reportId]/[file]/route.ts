// GET /orgs/{org}/reports/{id}/report.(csv|json|md) — a stored report rendered in one format.
// Its own security boundary: session → access to this org → the report of this org → render.
import { HTTP_STATUS, type PatwardenError } from "../../../../../../../bot/errors.ts";
import { describeError } from "../../../../../../_data/attempt.ts";
import { exportReport } from "../../../../../../_data/reports.ts";
import { getViewer } from "../../../../../../_data/viewer.ts";

const FILE = /^report\.(csv|json|md)$/;

export async function GET(_request: Request, { params }: { params: Promise<{ org: string; reportId: string; file: string }> }) {
  const p = await params;
  const org = decodeURIComponent(p.org);
  const format = FILE.exec(p.file)?.[1] as "csv" | "json" | "md" | undefined;
  if (!format || !/^\d{1,18}$/.test(p.reportId)) return text(404, "Not found: reports download as report.csv, report.json or report.md.");
  const viewer = await getViewer();
  if (!viewer) return text(401, "You are signed out; sign in again to download the report.");
  try {
    const { filename, contentType, body } = await exportReport({ viewer, org, id: Number(p.reportId), format });
    return new Response(body, {
      headers: {
        "content-type": contentType,
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
