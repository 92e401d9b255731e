// Chart colours by name; each is a CSS variable from app/theme.css with a light and a dark value,
// so a chart follows the theme without re-rendering (SVG fill and stroke accept var()).
export const CHART_TONES = ["blue", "purple", "green", "orange", "red", "yellow"] as const;
export type ChartTone = (typeof CHART_TONES)[number];

export function chartColor(tone: ChartTone): string {
  return `var(--chart-${tone})`;
}
