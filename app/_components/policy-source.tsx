import type { PolicyConfigError } from "../../bot/policies/config.ts";
import { annotateSource } from "../_lib/policy-view.ts";

/** The policy file as read from GitHub, numbered, with each validation error beside the line it names. */
export function PolicySource({ source, errors }: { source: string; errors: PolicyConfigError[] }) {
  const { lines, unplaced } = annotateSource(source, errors);
  return (
    <>
      {unplaced.length > 0 && (
        <ul className="policy-errors">
          {unplaced.map((e, i) => <li key={i}><code>{e.field}</code>: {e.message}</li>)}
        </ul>
      )}
      <div className="table-wrap source-wrap">
        <table className="source" aria-label="Policy file source">
          <tbody>
            {lines.map((l) => (
              <tr key={l.n} className={l.errors.length > 0 ? "has-error" : undefined} data-line={l.n}>
                <td className="ln">{l.n}</td>
                <td className="code"><code>{l.text || " "}</code>
                  {l.errors.map((e, i) => (
                    <div key={i} className="line-error" role="note">line {l.n}, <code>{e.field}</code>: {e.message}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
