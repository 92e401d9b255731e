"use client";
// Unexpected failures. Expected ones (GitHub unreachable, bad filter…) are shown in place by the pages.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <div className="notice error" role="alert">
        Something went wrong while showing this page. The server log has the details. You can try again, or go back to the{" "}
        <a href="/orgs">organizations</a>.
      </div>
      <button type="button" onClick={() => reset()}>Try again</button>
    </main>
  );
}
