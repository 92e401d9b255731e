"use client";
// The orgs card's buttons: sync now, pause/resume, disconnect (with the org name typed to confirm).
// The card stays current by itself (AutoRefresh): a sync started here or elsewhere shows as it ends.
import { useActionState, useEffect, useId, useState } from "react";
import { disconnectAction, setPausedAction, syncNowAction, type ActionState } from "../(dashboard)/orgs/actions.ts";
import { announceChange, AutoRefresh } from "./auto-refresh.tsx";

function Result({ state }: { state: ActionState }) {
  if (!state) return null;
  return <p className={`notice ${state.ok ? "ok" : "error"}`} role={state.ok ? "status" : "alert"}>{state.message}</p>;
}

export function OrgActions({ org, paused, syncAvailable, canPause }: { org: string; paused: boolean; syncAvailable: boolean; canPause: boolean }) {
  const [syncState, syncNow, syncing] = useActionState(syncNowAction, null);
  const [pauseState, togglePause, toggling] = useActionState(setPausedAction, null);
  const [disconnectState, disconnect, disconnecting] = useActionState(disconnectAction, null);
  const [typed, setTyped] = useState("");
  const confirmId = useId();
  // A started sync changes the card when it ends: look at once, then keep polling quickly while it runs.
  useEffect(() => {
    if (syncState?.ok || pauseState?.ok) announceChange();
  }, [syncState, pauseState]);
  return (
    <div>
      <AutoRefresh org={org} />
      <div className="actions">
        <form action={syncNow}>
          <input type="hidden" name="org" value={org} />
          <button type="submit" className="primary" disabled={syncing || !syncAvailable}
            title={syncAvailable ? undefined : "Available when the dashboard runs inside `patwarden start`"}>
            {syncing ? "Starting sync…" : "Sync now"}
          </button>
        </form>
        <form action={togglePause}>
          <input type="hidden" name="org" value={org} />
          <input type="hidden" name="paused" value={paused ? "false" : "true"} />
          <button type="submit" disabled={toggling || !canPause}>{paused ? "Resume syncing" : "Pause syncing"}</button>
        </form>
      </div>
      <Result state={syncState} />
      <Result state={pauseState} />
      <details style={{ marginTop: 12 }}>
        <summary className="small">Disconnect {org}…</summary>
        <form action={disconnect} style={{ marginTop: 8 }}>
          <input type="hidden" name="org" value={org} />
          <p className="small">
            Deletes every grant, request, member and sync record of <strong>{org}</strong> from patwarden. The audit log keeps its entries. This cannot be undone.
          </p>
          <div className="actions">
            <label htmlFor={confirmId} className="small">Type <strong>{org}</strong> to confirm</label>
            <input id={confirmId} type="text" name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            <button type="submit" className="danger solid" disabled={typed.trim() !== org || disconnecting}>
              {disconnecting ? "Disconnecting…" : "Disconnect"}
            </button>
          </div>
        </form>
        <Result state={disconnectState} />
      </details>
    </div>
  );
}
