// The version from package.json, for /api/health, /metrics and `patwarden --version`.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
export const PATWARDEN_VERSION: string = pkg.version ?? "0.0.0";
