import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isBuildCurrent, listDashboardSources } from "../../app/_server/ensure-build.ts";

function project() {
  const dir = mkdtempSync(path.join(tmpdir(), "pw-build-"));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write("app/page.tsx", 'import { a } from "../db/a.ts";\nimport {\n  b,\n} from "./_lib/b.ts";\nexport default 1;\n');
  write("app/_lib/b.ts", 'import type { T } from "../../bot/t.ts";\nexport const b = 1;\n');
  write("db/a.ts", 'import pg from "pg";\nexport const a = 1;\n');
  write("bot/t.ts", "export type T = 1;\n");
  write("bot/unrelated.ts", "export const u = 1;\n");
  write("next.config.ts", "export default {};\n");
  return { dir, write };
}
const touch = (file: string, at: number) => utimesSync(file, at / 1000, at / 1000);

describe("build on first start", () => {
  it("follows relative imports from app/ (multi-line and type imports too), not package imports", () => {
    const { dir } = project();
    const rel = listDashboardSources(dir).map((f) => path.relative(dir, f)).sort();
    expect(rel).toEqual(["app/_lib/b.ts", "app/page.tsx", "bot/t.ts", "db/a.ts", "next.config.ts"]);
  });

  it("is current only when BUILD_ID is newer than every dashboard source", () => {
    const { dir, write } = project();
    expect(isBuildCurrent(dir)).toBe(false);
    write(".next/BUILD_ID", "x");
    const t = Date.now();
    for (const f of listDashboardSources(dir)) touch(f, t - 60_000);
    touch(path.join(dir, ".next/BUILD_ID"), t);
    expect(isBuildCurrent(dir)).toBe(true);
    touch(path.join(dir, "bot/unrelated.ts"), t + 60_000);
    expect(isBuildCurrent(dir)).toBe(true);
    touch(path.join(dir, "bot/t.ts"), t + 60_000);
    expect(isBuildCurrent(dir)).toBe(false);
  });
});
