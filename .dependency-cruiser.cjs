// The import graph of the product's source (app bot db model simulator), on resolved paths:
// no import cycle, and the layers of docs/architecture.md again, as eslint.config.js states them
// on import strings (belt and braces: this one also sees dynamic import() and re-exports).
// Run by `npm run lint`.
const FACES = "^(bot/(cli|server|handlers|jobs)/|bot/(cli|server|index|demo)\\.ts$)";
const SIMULATOR_WIRING = "^bot/(cli/simulate|demo)\\.ts$";
const SEE = "see docs/architecture.md";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: `An import cycle: break it by moving what both sides need one layer down (model/ or a capability) — ${SEE}`,
      from: {},
      to: { circular: true },
    },
    {
      name: "faces-not-to-db",
      severity: "error",
      comment: `Front ends call the engine (bot/engine.ts), not db/ (not even for types) — ${SEE}`,
      from: { path: [FACES, "^app/"] },
      to: { path: "^db/" },
    },
    {
      name: "simulator-only-in-wiring",
      severity: "error",
      comment: `The simulator is a development tool: only bot/cli/simulate.ts and bot/demo.ts wire it in — ${SEE}`,
      from: { path: "^(app|bot|db|model)/", pathNot: SIMULATOR_WIRING },
      to: { path: "^simulator/" },
    },
    {
      name: "capabilities-not-to-faces",
      severity: "error",
      comment: `The engine and its capabilities never import front ends or the dashboard: move the shared code into the capability or model/ — ${SEE}`,
      from: { path: "^bot/", pathNot: FACES },
      to: { path: [FACES, "^app/"] },
    },
    {
      name: "db-only-model",
      severity: "error",
      comment: `db/ is storage and imports only model/: move the shared definition into model/ — ${SEE}`,
      from: { path: "^db/" },
      to: { path: "^(bot|app|simulator|test|bench)/" },
    },
    {
      name: "model-imports-nothing",
      severity: "error",
      comment: `model/ is the vocabulary and imports nothing from the project (libraries such as zod only) — ${SEE}`,
      from: { path: "^model/" },
      to: { path: "^(bot|db|app|simulator|test|bench)/" },
    },
    {
      name: "simulator-only-model",
      severity: "error",
      comment: `The simulator may import only model/ from the product — ${SEE}`,
      from: { path: "^simulator/" },
      to: { path: "^(bot|db|app)/" },
    },
  ],
  options: {
    exclude: { path: "^(node_modules|\\.next|test|bench|test-results|\\.data)/|^db/migrations/" },
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: "never import db/" includes `import type`.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs"],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
