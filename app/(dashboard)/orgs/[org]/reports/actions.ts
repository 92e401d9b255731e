"use server";
// "Generate report" on the reports page. Its own security boundary: parse input → session →
// access to this org → the report engine → the new report's link and a sentence.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { toFailure, type Failure } from "../../../../_data/action-failure.ts";
import { generateReportFor } from "../../../../_data/reports.ts";
import { getViewer } from "../../../../_data/viewer.ts";

const GenerateInput = z.object({ org: z.string().trim().min(1).max(100) });

export async function generateReportAction(input: unknown): Promise<{ ok: true; href: string; message: string } | Failure> {
  try {
    const { org } = GenerateInput.parse(input);
    const r = await generateReportFor({ viewer: await getViewer(), org });
    const base = `/orgs/${encodeURIComponent(r.login)}/reports`;
    revalidatePath(base);
    const message = r.deliveryErrors.length > 0
      ? `Report ${r.id} is stored, but delivery failed: ${r.deliveryErrors.join("; ")}.`
      : r.delivered ? `Report ${r.id} is stored (and delivered where the policy file says).` : `Report ${r.id} is stored; read-only access does not deliver it to GitHub.`;
    return { ok: true, href: `${base}/${r.id}`, message };
  } catch (error) {
    return toFailure(error);
  }
}
