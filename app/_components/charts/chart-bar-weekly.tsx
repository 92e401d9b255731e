"use client";
// Grants revoked through patwarden per week (weeks start on Monday, UTC).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { WeekPoint } from "../../_lib/trends.ts";
import { chartColor } from "./tones.ts";

export function ChartBarWeekly({ data, height = 240 }: { data: WeekPoint[]; height?: number }) {
  return (
    <div aria-hidden style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} minTickGap={16} />
          <YAxis allowDecimals={false} width={48} />
          <Tooltip formatter={(v) => [v, "revoked"]} labelFormatter={(w) => `week of ${String(w)}`} />
          <Bar dataKey="revoked" fill={chartColor("red")} isAnimationActive={false} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
