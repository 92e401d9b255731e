import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Notice } from "../_components/notice.tsx";
import { getDashboardRuntime } from "../_data/runtime.ts";
import { getViewer } from "../_data/viewer.ts";
import { safeReturnTo } from "../_lib/session.ts";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  state: "The sign-in took too long or was started in another tab, so it was not accepted. Please sign in again.",
  denied: "GitHub did not confirm the sign-in (it was cancelled, or the code had already been used). Please try again.",
  unavailable: "GitHub could not be reached to finish the sign-in. Please try again in a moment.",
  expired: "GitHub no longer accepts your earlier sign-in. Please sign in again.",
  config: "Sign-in is not configured on this server: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET to the App's OAuth client.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : undefined);
  const returnTo = safeReturnTo(one("next"));
  if (!one("error") && (await getViewer())) redirect(returnTo);
  const runtime = getDashboardRuntime();
  const error = one("error");
  return (
    <main className="login-box">
      <div className="panel">
        <h1>patwarden</h1>
        <p className="muted">Fine-grained personal access tokens across your GitHub organizations.</p>
        {error && <Notice kind="error">{ERRORS[error] ?? ERRORS.denied}</Notice>}
        {one("signed-out") && <Notice kind="ok">You are signed out.</Notice>}
        {!runtime.github && !error && <Notice kind="error">{ERRORS.config}</Notice>}
        <form action="/api/auth/login" method="get">
          <input type="hidden" name="next" value={returnTo} />
          <button type="submit" className="primary" disabled={!runtime.github}>Sign in with GitHub</button>
        </form>
        <p className="muted small" style={{ marginTop: 16 }}>
          Org owners see their orgs; members of a security team configured for an org see that org.
        </p>
      </div>
    </main>
  );
}
