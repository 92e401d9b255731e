// Which pushes reload the policy file: only commits that add, change or remove .github/patwarden.yml.
import { describe, expect, it } from "vitest";
import { touchesPolicyFile } from "../../bot/handlers/push.ts";

describe("touchesPolicyFile", () => {
  it("is true when any commit adds, modifies or removes the file", () => {
    expect(touchesPolicyFile([{ added: [".github/patwarden.yml"] }])).toBe(true);
    expect(touchesPolicyFile([{ modified: ["README.md"] }, { modified: [".github/patwarden.yml"] }])).toBe(true);
    expect(touchesPolicyFile([{ removed: [".github/patwarden.yml"] }, null])).toBe(true);
  });

  it("is false for other files, a file of the same name elsewhere, and empty pushes", () => {
    expect(touchesPolicyFile([{ added: ["patwarden.yml", "docs/.github/patwarden.yml"], modified: [".github/patwarden.yaml"] }])).toBe(false);
    expect(touchesPolicyFile([])).toBe(false);
    expect(touchesPolicyFile([undefined, {}])).toBe(false);
  });
});
