// @ts-check
// ESLint keeps the layers of docs/architecture.md: which folder may import which. No type-aware
// rules, so it stays fast; dependency-cruiser (.dependency-cruiser.cjs) checks the same layers on
// resolved paths and fails on any import cycle. Both run in `npm run lint`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const SEE = "see docs/architecture.md";
const TS = ["**/*.{ts,tsx}"];

// The front ends of bot/: they parse input, call one engine verb and format the result.
const FACES = [
  "bot/cli/**",
  "bot/cli.ts",
  "bot/server/**",
  "bot/server.ts",
  "bot/handlers/**",
  "bot/index.ts",
  "bot/jobs/**",
  "bot/demo.ts",
];
// The only product files that may start the simulator (`patwarden demo`, `patwarden simulate`).
const SIMULATOR_WIRING = ["bot/cli/simulate.ts", "bot/demo.ts"];

const TO = {
  faceToDb: `front ends call the engine (bot/engine.ts), not db/ — ${SEE}`,
  appToDb: `the dashboard is a front end: app/_data and server actions call the engine (bot/engine.ts), not db/ (not even for types; use model/) — ${SEE}`,
  toSimulator: `the simulator is a development tool: only bot/cli/simulate.ts and bot/demo.ts wire it in; talk to GitHub through bot/github — ${SEE}`,
  capabilityToFace: `capabilities never import front ends (bot/cli, bot/server, bot/handlers, bot/jobs, bot/index.ts, bot/demo.ts): move the shared code into the capability or model/ and let the front end call the engine — ${SEE}`,
  engineToApp: `the engine never imports the dashboard: move the shared code into model/ or a capability under bot/ — ${SEE}`,
  dbToEngine: `db/ is storage and imports only model/: move the shared definition (a category, a status list, a type) into model/ — ${SEE}`,
  dbToOther: `db/ imports only model/ and itself — ${SEE}`,
  modelToAny: `model/ is the vocabulary and imports nothing from the project (libraries such as zod only) — ${SEE}`,
  simulatorToProduct: `the simulator may import only model/ from the product: move the shared definition into model/ or keep a copy of the GitHub wire shape in simulator/ — ${SEE}`,
};

const withoutSimulator = { "simulator/": TO.toSimulator };
const faceRules = { "db/": TO.faceToDb, ...withoutSimulator };

// Each layer: its files, and the repository paths it must not import ("db/" a folder, "bot/cli.ts" a
// file) with the message that says what to use instead. Where a file matches several layers, the
// last one wins (ESLint replaces a rule's options, it does not merge them).
const LAYERS = [
  {
    name: "model",
    files: ["model/**"],
    forbid: Object.fromEntries(["app/", "bot/", "db/", "simulator/", "test/", "bench/"].map((p) => [p, TO.modelToAny])),
  },
  {
    name: "db",
    files: ["db/**"],
    forbid: { "bot/": TO.dbToEngine, "app/": TO.dbToEngine, "simulator/": TO.dbToOther, "test/": TO.dbToOther, "bench/": TO.dbToOther },
  },
  {
    name: "engine", // bot/engine.ts, bot/env.ts and one folder per capability
    files: ["bot/**"],
    ignores: FACES,
    forbid: {
      ...Object.fromEntries(FACES.map((f) => [f.replace("/**", "/"), TO.capabilityToFace])),
      "app/": TO.engineToApp,
      ...withoutSimulator,
    },
  },
  { name: "bot-faces", files: FACES, forbid: faceRules },
  { name: "simulator-wiring", files: SIMULATOR_WIRING, forbid: { "db/": TO.faceToDb } },
  { name: "app", files: ["app/**"], forbid: { "db/": TO.appToDb, ...withoutSimulator } },
  {
    name: "simulator",
    files: ["simulator/**"],
    forbid: { "bot/": TO.simulatorToProduct, "db/": TO.simulatorToProduct, "app/": TO.simulatorToProduct },
  },
];

// no-restricted-imports sees the import string, not the resolved file, and every project import
// is relative. So each layer is expanded per folder depth, and each forbidden path becomes the
// relative spellings that reach it from that depth ("../../db/…" from bot/sync/x.ts, "../cli/…"
// from a capability to bot/cli). Dynamic import() is left to dependency-cruiser.
const MAX_DEPTH = 10;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function spellings(fixedDirs, depth, target) {
  const isDir = target.endsWith("/");
  const segs = target.replace(/\/$/, "").replace(/\.tsx?$/, "").split("/");
  const alternatives = [];
  // `shared` = how many leading folders of the target the importing file sits in as well
  for (let shared = 0; shared < segs.length && shared <= Math.min(depth, fixedDirs.length); shared++) {
    if (shared > 0 && fixedDirs[shared - 1] !== segs[shared - 1]) break;
    const up = depth - shared;
    const rest = segs.slice(shared).map(escape).join("/");
    alternatives.push(`${up === 0 ? "\\./" : `(\\.\\./){${up}}`}${rest}`);
  }
  return `^(${alternatives.join("|")})${isDir ? "(/|$)" : "(\\.[cm]?[jt]sx?)?$"}`;
}

function expand(glob) {
  const source = "*.{ts,tsx}";
  if (!glob.endsWith("/**")) {
    const dirs = glob.split("/").slice(0, -1);
    return [{ glob, dirs, depth: dirs.length }];
  }
  const dirs = glob.slice(0, -3).split("/");
  return Array.from({ length: MAX_DEPTH - dirs.length + 1 }, (_, extra) => ({
    glob: `${dirs.join("/")}/${"*/".repeat(extra)}${source}`,
    dirs,
    depth: dirs.length + extra,
  }));
}

const layerBlocks = LAYERS.flatMap(({ name, files, ignores, forbid }) =>
  files.flatMap(expand).map(({ glob, dirs, depth }) => ({
    name: `patwarden/layers/${name}/${glob}`,
    files: [glob],
    ...(ignores ? { ignores } : {}),
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: Object.entries(forbid).map(([target, message]) => ({
            regex: spellings(dirs, depth, target),
            message,
            caseSensitive: true,
          })),
        },
      ],
    },
  })),
);

export default tseslint.config(
  {
    name: "patwarden/ignores",
    ignores: [
      "node_modules/",
      ".next/",
      ".data/",
      "test-results/",
      "db/migrations/",
      "bench/results/",
      "dist/",
      "coverage/",
      "scratch/",
      "next-env.d.ts",
    ],
  },
  // The recommended sets without type information: the code passed them all when this was written,
  // except no-unused-vars (48 hits, a clean-up of its own), which stays off.
  { ...js.configs.recommended, name: "eslint/recommended", files: TS },
  ...tseslint.configs.recommended.map((block) => ({ ...block, files: TS })),
  {
    name: "patwarden/typescript",
    files: TS,
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": "off",
    },
  },
  ...layerBlocks,
  {
    // Every dashboard page is dynamic (per viewer, per org, live data): a prefetch is a server
    // render per link in view, so links go through the wrapper that turns prefetching off.
    name: "patwarden/dashboard-links",
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/_components/link.tsx"],
    rules: {
      "no-restricted-syntax": ["error", {
        selector: "ImportDeclaration[source.value='next/link']",
        message: "import Link from app/_components/link.tsx (next/link without prefetching), not next/link",
      }],
    },
  },
);
