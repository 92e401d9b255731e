import { describe, expect, it } from "vitest";
import { lookAttributes, lookCookie, parseLook } from "../../app/_lib/look.ts";

const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];

describe("display preferences (theme, density)", () => {
  it("reads both cookies, falling back to system theme and comfortable rows on anything unknown", () => {
    expect(parseLook(jar({ pw_theme: "dark", pw_density: "compact" }))).toEqual({ theme: "dark", density: "compact" });
    expect(parseLook(jar({}))).toEqual({ theme: "system", density: "comfortable" });
    expect(parseLook(jar({ pw_theme: "<script>", pw_density: "tiny" }))).toEqual({ theme: "system", density: "comfortable" });
  });

  it("sets data-theme only for an explicit choice, so system follows prefers-color-scheme", () => {
    expect(lookAttributes({ theme: "system", density: "compact" })).toEqual({ "data-density": "compact" });
    expect(lookAttributes({ theme: "light", density: "comfortable" })).toEqual({ "data-theme": "light", "data-density": "comfortable" });
  });

  it("remembers a choice for a year on the whole site, Secure over https", () => {
    expect(lookCookie("theme", "dark", false)).toBe("pw_theme=dark; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(lookCookie("density", "compact", true)).toBe("pw_density=compact; Path=/; Max-Age=31536000; SameSite=Lax; Secure");
  });
});
