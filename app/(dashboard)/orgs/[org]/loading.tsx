// Shown while a dashboard page's data loads (streamed by Next's Suspense boundary).
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="muted">Loading…</span>
      <div className="skeleton" style={{ height: 28, width: 260, margin: "12px 0" }} />
      <div className="grid cards">
        {[0, 1, 2].map((i) => <div key={i} className="skeleton" style={{ height: 220 }} />)}
      </div>
    </div>
  );
}
