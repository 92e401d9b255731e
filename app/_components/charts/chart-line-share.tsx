"use client";
// Stale and no-expiry grants as a share of active grants, one point per daily snapshot.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SnapshotPoint } from "../../_lib/trends.ts";
import { chartColor } from "./tones.ts";

export function ChartLineShare({ data, height = 240 }: { data: SnapshotPoint[]; height?: number }) {
  return (
    <div aria-hidden style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
          <YAxis width={48} domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} />
          <Tooltip formatter={(v, name) => [`${v}%`, name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line name="stale" type="monotone" dataKey="staleShare" stroke={chartColor("orange")} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          <Line name="no expiry" type="monotone" dataKey="noExpiryShare" stroke={chartColor("purple")} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
