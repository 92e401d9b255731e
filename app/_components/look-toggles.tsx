"use client";
// The theme menu (topbar) and the row-density switch (grants table). Each writes its cookie, for
// the next page load, and sets the attribute on <html> at once, so nothing reloads.
import { useState } from "react";
import { DENSITIES, lookAttributes, lookCookie, THEMES, type Density, type Theme } from "../_lib/look.ts";

const THEME_LABELS: Record<Theme, string> = { system: "System theme", light: "Light", dark: "Dark" };
const DENSITY_LABELS: Record<Density, string> = { comfortable: "Comfortable", compact: "Compact" };

function rememberTheme(theme: Theme): void {
  document.cookie = lookCookie("theme", theme, location.protocol === "https:");
  const attr = lookAttributes({ theme, density: "comfortable" })["data-theme"];
  if (attr) document.documentElement.dataset.theme = attr;
  else delete document.documentElement.dataset.theme;
}

function rememberDensity(density: Density): void {
  document.cookie = lookCookie("density", density, location.protocol === "https:");
  document.documentElement.dataset.density = density;
}

export function ThemeSelect({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState(initial);
  return (
    <select className="look-select" aria-label="Colour theme" value={theme}
      onChange={(e) => {
        const next = THEMES.find((t) => t === e.target.value) ?? "system";
        setTheme(next);
        rememberTheme(next);
      }}>
      {THEMES.map((t) => <option key={t} value={t}>{THEME_LABELS[t]}</option>)}
    </select>
  );
}

export function DensityToggle({ initial }: { initial: Density }) {
  const [density, setDensity] = useState(initial);
  return (
    <div className="segmented" role="group" aria-label="Row density">
      {DENSITIES.map((d) => (
        <button key={d} type="button" aria-pressed={density === d} onClick={() => { setDensity(d); rememberDensity(d); }}>
          {DENSITY_LABELS[d]}
        </button>
      ))}
    </div>
  );
}
