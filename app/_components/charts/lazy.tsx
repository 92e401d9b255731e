"use client";
// The charts as pages use them: each loads Recharts (~115 kB gzipped, more than all the rest of a
// page's JavaScript) on its own, after the page has hydrated, instead of holding up the first load.
// Nothing is lost on the server: ResponsiveContainer draws nothing there (it needs a measured width).
// Each waits in a box of its final height, so nothing moves when it draws.
import dynamic from "next/dynamic";
import type { ComponentProps, ComponentType } from "react";
import type { ChartBar as Bar } from "./chart-bar.tsx";
import type { ChartBarWeekly as BarWeekly } from "./chart-bar-weekly.tsx";
import type { ChartLineShare as LineShare } from "./chart-line-share.tsx";
import type { ChartLineTrend as LineTrend } from "./chart-line-trend.tsx";
import type { ChartStackedPermissions as StackedPermissions } from "./chart-stacked-permissions.tsx";

function boxed<P extends { height?: number }>(Chart: ComponentType<P>, defaultHeight: number) {
  return function LazyChart(props: P) {
    return <div style={{ minHeight: props.height ?? defaultHeight }}><Chart {...props} /></div>;
  };
}

export const ChartBar = boxed<ComponentProps<typeof Bar>>(dynamic(() => import("./chart-bar.tsx").then((m) => m.ChartBar), { ssr: false }), 220);
export const ChartBarWeekly = boxed<ComponentProps<typeof BarWeekly>>(dynamic(() => import("./chart-bar-weekly.tsx").then((m) => m.ChartBarWeekly), { ssr: false }), 240);
export const ChartLineShare = boxed<ComponentProps<typeof LineShare>>(dynamic(() => import("./chart-line-share.tsx").then((m) => m.ChartLineShare), { ssr: false }), 240);
export const ChartLineTrend = boxed<ComponentProps<typeof LineTrend>>(dynamic(() => import("./chart-line-trend.tsx").then((m) => m.ChartLineTrend), { ssr: false }), 220);
export const ChartStackedPermissions = boxed<ComponentProps<typeof StackedPermissions>>(
  dynamic(() => import("./chart-stacked-permissions.tsx").then((m) => m.ChartStackedPermissions), { ssr: false }), 300,
);
