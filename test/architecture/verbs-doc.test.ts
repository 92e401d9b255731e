// docs/architecture.md lists every engine verb; this keeps the list and the engine in step
// (a verb added without a line, or a line for a verb that is gone, fails here).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEngine, type EngineStorage } from "../../bot/engine.ts";

const doc = readFileSync(new URL("../../docs/architecture.md", import.meta.url), "utf8");

/** `- **grants** — list, get, …` lines under "## Engine verbs": group → verb names. */
function documentedVerbs(): Record<string, string[]> {
  const section = doc.split("## Engine verbs")[1]!.split("\n## ")[0]!;
  const out: Record<string, string[]> = {};
  for (const m of section.matchAll(/^- \*\*(\w+)\*\*[^:]*: (.+)$/gm)) {
    out[m[1]!] = [...m[2]!.matchAll(/`(\w+)`/g)].map((v) => v[1]!).sort();
  }
  return out;
}

describe("docs/architecture.md", () => {
  it("lists exactly the engine's verbs, group by group", () => {
    // Building the engine reads nothing: a storage that is never queried will do.
    const engine = createEngine({ db: { db: null as never, kind: "postgres", where: "none", close: async () => {} } as EngineStorage });
    const actual = Object.fromEntries(Object.entries(engine).map(([group, verbs]) => [group, Object.keys(verbs).sort()]));
    expect(documentedVerbs()).toEqual(actual);
  });

  it("stays under 150 lines", () => {
    expect(doc.split("\n").length).toBeLessThanOrEqual(150);
  });
});
