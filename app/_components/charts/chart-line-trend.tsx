"use client";
// Active grants per day, from the counts successful syncs recorded.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "../../_lib/charts.ts";
import { chartColor } from "./tones.ts";

export function ChartLineTrend({ data, height = 220 }: { data: TrendPoint[]; height?: number }) {
  return (
    <div aria-hidden style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
          <YAxis allowDecimals={false} width={56} domain={[0, "auto"]} />
          <Tooltip formatter={(v) => [v, "active grants"]} />
          <Line type="stepAfter" dataKey="activeGrants" stroke={chartColor("blue")} strokeWidth={2} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
