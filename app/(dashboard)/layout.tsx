import Link from "../_components/link.tsx";
import type { ReactNode } from "react";
import { ThemeSelect } from "../_components/look-toggles.tsx";
import { readLook } from "../_data/look.ts";
import { getViewer } from "../_data/viewer.ts";

export const dynamic = "force-dynamic";

// Each page checks the viewer itself (and redirects to sign-in with a way back); the layout only shows who it is.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const [viewer, look] = await Promise.all([getViewer(), readLook()]);
  return (
    <>
      <header className="topbar">
        <Link href="/orgs" className="brand">patwarden</Link>
        <nav aria-label="Main">
          <Link href="/orgs">Organizations</Link>
          <Link href="/people">People</Link>
        </nav>
        <ThemeSelect initial={look.theme} />
        {viewer && (
          <div className="who">
            <span>Signed in as <strong>{viewer.login}</strong></span>
            <form action="/api/auth/logout" method="post">
              <button type="submit">Sign out</button>
            </form>
          </div>
        )}
      </header>
      <main>{children}</main>
    </>
  );
}
