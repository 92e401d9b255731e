"use client";
// Permissions held at write or admin: a stacked bar per permission, click for its grants.
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StackedBar } from "../../_lib/charts.ts";
import { chartColor } from "./tones.ts";

export function ChartStackedPermissions({ data, height = 300 }: { data: StackedBar[]; height?: number }) {
  const router = useRouter();
  const open = (_: unknown, index: number) => {
    const bar = data[index];
    if (bar) router.push(bar.href);
  };
  return (
    <div aria-hidden style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 4, left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip cursor={{ fill: "var(--chart-cursor)" }} />
          <Legend />
          <Bar dataKey="write" name="write" stackId="level" fill={chartColor("yellow")} cursor="pointer" onClick={open} isAnimationActive={false} />
          <Bar dataKey="admin" name="admin" stackId="level" fill={chartColor("red")} cursor="pointer" onClick={open} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
