// Browser tests: the real server (bot/server.ts) with the built dashboard, the GitHub simulator and
// Debian's Chromium via playwright-core. `npm run test:e2e`; the build happens once, in globalSetup.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // test/reliability/*.e2e.test.ts: reliability checks that need the built dashboard.
    include: ["test/e2e/**/*.test.ts", "test/reliability/**/*.e2e.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    // Next's production server runs inside the test process; it expects a production NODE_ENV.
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // One browser and one Next server at a time on a two-core machine.
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest-e2e.json" },
  },
});
