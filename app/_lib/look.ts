// The viewer's display preferences: colour theme and table row density. Each lives in its own
// cookie (read by the root layout on the server, so the first paint is already right, and written
// by the toggles in the browser). Anything unknown in a cookie falls back to the default.
import { z } from "zod";

export const THEMES = ["system", "light", "dark"] as const;
export const DENSITIES = ["comfortable", "compact"] as const;
export type Theme = (typeof THEMES)[number];
export type Density = (typeof DENSITIES)[number];

export const LOOK_COOKIES = { theme: "pw_theme", density: "pw_density" } as const;
const YEAR_S = 365 * 24 * 3600;

const lookSchema = z.object({
  theme: z.enum(THEMES).catch("system"),
  density: z.enum(DENSITIES).catch("comfortable"),
});
export type Look = z.infer<typeof lookSchema>;

export function parseLook(read: (name: string) => string | undefined): Look {
  return lookSchema.parse({ theme: read(LOOK_COOKIES.theme), density: read(LOOK_COOKIES.density) });
}

/** Attributes for <html>: no data-theme under "system", so CSS follows prefers-color-scheme. */
export function lookAttributes(look: Look): { "data-theme"?: "light" | "dark"; "data-density": Density } {
  return look.theme === "system" ? { "data-density": look.density } : { "data-theme": look.theme, "data-density": look.density };
}

/** A document.cookie assignment: readable by the server (not HttpOnly: the browser writes it), a year long. */
export function lookCookie<K extends keyof Look>(key: K, value: Look[K], secure: boolean): string {
  return `${LOOK_COOKIES[key]}=${value}; Path=/; Max-Age=${YEAR_S}; SameSite=Lax${secure ? "; Secure" : ""}`;
}
