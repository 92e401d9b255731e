import { describe, expect, it } from "vitest";
import { credentialName, jobParts, methodText, partsText } from "../../app/_lib/job-parts.ts";
import { credentialTypeLabel } from "../../model/credentials.ts";

describe("job parts", () => {
  it("splits an offboarding part's total and calls into grants (bulk) and credentials (one DELETE each)", () => {
    // 150 grants → 2 bulk calls; 3 credentials → 3 DELETEs.
    const parts = jobParts({ total: 153, batches: 5, credentials: 3 });
    expect(parts).toEqual({ grants: 150, credentials: 3, bulkCalls: 2, deletes: 3 });
    expect(partsText(parts)).toBe("150 grants, 3 credentials");
    expect(methodText(parts, "bulk")).toBe(
      "grants: update_pat_accesses, 2 calls of at most 100 grants; SSO credential authorizations: DELETE /orgs/{org}/credential-authorizations/{id}, 3 calls (one each)",
    );
  });

  it("describes a credential-only removal without grants", () => {
    const parts = jobParts({ total: 6, batches: 6, credentials: 6 });
    expect(partsText(parts)).toBe("6 credentials");
    expect(methodText(parts, "bulk")).toBe("SSO credential authorizations: DELETE /orgs/{org}/credential-authorizations/{id}, 6 calls (one each)");
  });

  it("keeps a grant job's wording", () => {
    const parts = jobParts({ total: 1, batches: 1, credentials: 0 });
    expect(partsText(parts)).toBe("1 grant");
    expect(methodText(parts, "bulk")).toBe("grants: update_pat_accesses, 1 call of at most 100 grants");
    expect(methodText(parts, "single")).toBe("grants: update_pat_access, one grant a call");
  });

  it("names a credential by kind label and last eight or title", () => {
    expect(credentialTypeLabel("personal access token")).toBe("classic PAT");
    expect(credentialTypeLabel("SSH key")).toBe("SSH key");
    expect(credentialTypeLabel("quantum key")).toBe("quantum key");
    expect(credentialName({ tokenLastEight: "1a2b3c4d", title: null })).toBe("…1a2b3c4d");
    expect(credentialName({ tokenLastEight: null, title: "laptop" })).toBe("laptop");
    expect(credentialName({ tokenLastEight: "1a2b3c4d", title: "ci" })).toBe("…1a2b3c4d (ci)");
  });
});
