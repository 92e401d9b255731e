/** Download links for one stored report (route handlers beside the report page). */
export function ReportDownloads({ href }: { href: string }) {
  return (
    <span className="actions small">
      {(["csv", "json", "md"] as const).map((f) => (
        <a key={f} href={`${href}/report.${f}`} download>{f === "md" ? "Markdown" : f.toUpperCase()}</a>
      ))}
    </span>
  );
}
