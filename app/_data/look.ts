import "server-only";
// The viewer's theme and density, from their cookies (see app/_lib/look.ts).
import { cookies } from "next/headers";
import { cache } from "react";
import { parseLook, type Look } from "../_lib/look.ts";

export const readLook = cache(async (): Promise<Look> => {
  const jar = await cookies();
  return parseLook((name) => jar.get(name)?.value);
});
