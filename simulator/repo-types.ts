// Shapes of repository contents, issues and App-manifest codes in the simulator's state.

/** Who did something in a repository: a simulated user, or the App's bot user (`<slug>[bot]`). */
export type SimActor = { kind: "bot" } | { kind: "user"; userId: number };

export type GitPerson = { name: string; email: string; login: string | null };

/** One commit on `main`; the simulator's commits each change one file. */
export type SimCommit = {
  sha: string;
  treeSha: string;
  parent: string | null;
  message: string;
  at: number;
  author: GitPerson;
  path: string;
  blobSha: string;
  text: string;
  added: boolean;
};

export type SimLabel = { id: number; name: string; color: string; description: string | null };
export type SimComment = { id: number; body: string; author: SimActor; createdAt: number; updatedAt: number };
export type SimIssue = {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "reopened" | "not_planned" | null;
  labels: string[];
  assigneeIds: number[];
  author: SimActor;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  comments: SimComment[];
};

/** Files and issues of one repository, created on first use (most generated repos never need it). */
export type RepoData = { commits: SimCommit[]; issues: SimIssue[]; labels: Map<string, SimLabel> };

export type ManifestCode = { manifest: Record<string, unknown>; expiresAt: number };
