"use client";
// A bar per bucket; clicking a bar opens the grants table filtered to it. The link list under
// the chart (ChartLinks) is the keyboard and screen-reader path to the same tables, so the charts
// are aria-hidden and Recharts' own keyboard layer (a focusable svg inside them) is switched off.
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Bar as BarData } from "../../_lib/charts.ts";
import { chartColor, type ChartTone } from "./tones.ts";

export function ChartBar({ data, layout = "vertical-bars", tone = "blue", height = 220 }: {
  data: BarData[]; layout?: "vertical-bars" | "horizontal-bars"; tone?: ChartTone; height?: number;
}) {
  const router = useRouter();
  const open = (_: unknown, index: number) => {
    const bar = data[index];
    if (bar) router.push(bar.href);
  };
  const horizontal = layout === "horizontal-bars";
  return (
    <div aria-hidden style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 16, bottom: 4, left: horizontal ? 24 : 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={horizontal} horizontal={!horizontal} />
          {horizontal ? (
            <>
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} interval={0} />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
              <YAxis allowDecimals={false} width={48} />
            </>
          )}
          <Tooltip cursor={{ fill: "var(--chart-cursor)" }} formatter={(v) => [v, "grants"]} />
          <Bar dataKey="count" fill={chartColor(tone)} cursor="pointer" onClick={open} isAnimationActive={false} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
