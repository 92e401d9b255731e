// The dashboard is served by the same process as the webhooks (app/server-handler.ts), so this
// config only has to make the server bundle load the way that process does.
import type { NextConfig } from "next";

const config: NextConfig = {
  // Native/WASM or process-global packages: loaded with Node's own require, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "probot", "pg-boss"],
  typescript: {
    // `npm run typecheck` checks the whole project; a build (which also runs on first start)
    // must not fail or slow down because of a type error elsewhere in the repository.
    ignoreBuildErrors: true,
    // Next rewrites the tsconfig it is given; a dedicated file keeps the shared tsconfig.json untouched.
    tsconfigPath: "tsconfig.next.json",
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
