// The viewer's display preferences: colour theme and table row density. Each lives in its own
// cookie (read by the root layout on the server, so the first paint is already right, and written
// by the toggles in the browser). Anything unknown in a cookie falls back to the default.
// No zod here: the toggles import this module on every page, and zod would add ~30 kB gzipped to
// each page's JavaScript for two enums (`tsx bench/client.ts` measures it).

export const THEMES = ["system", "light", "dark"] as const;
export const DENSITIES = ["comfortable", "compact"] as const;
export type Theme = (typeof THEMES)[number];
export type Density = (typeof DENSITIES)[number];

export const LOOK_COOKIES = { theme: "pw_theme", density: "pw_density" } as const;
const YEAR_S = 365 * 24 * 3600;

export type Look = { theme: Theme; density: Density };

const oneOf = <T extends string>(choices: readonly T[], value: string | undefined, fallback: T): T => choices.find((c) => c === value) ?? fallback;

export function parseLook(read: (name: string) => string | undefined): Look {
  return { theme: oneOf(THEMES, read(LOOK_COOKIES.theme), "system"), density: oneOf(DENSITIES, read(LOOK_COOKIES.density), "comfortable") };
}

/** Attributes for <html>: no data-theme under "system", so CSS follows prefers-color-scheme. */
export function lookAttributes(look: Look): { "data-theme"?: "light" | "dark"; "data-density": Density } {
  return look.theme === "system" ? { "data-density": look.density } : { "data-theme": look.theme, "data-density": look.density };
}

/** A document.cookie assignment: readable by the server (not HttpOnly: the browser writes it), a year long. */
export function lookCookie<K extends keyof Look>(key: K, value: Look[K], secure: boolean): string {
  return `${LOOK_COOKIES[key]}=${value}; Path=/; Max-Age=${YEAR_S}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
