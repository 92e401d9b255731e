// The one place that reads process.env. Names follow Probot's where Probot has one (README.md, the environment table).
import { readFileSync } from "node:fs";
import { z } from "zod";
import { InvalidInput } from "../model/errors.ts";

const EnvSchema = z.object({
  APP_ID: z.string().regex(/^\d+$/, "must be the numeric GitHub App id").optional(),
  PRIVATE_KEY: z.string().optional(),
  PRIVATE_KEY_PATH: z.string().optional(),
  WEBHOOK_SECRET: z.string().min(1).optional(),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GHE_HOST: z.string().optional(),
  GHE_PROTOCOL: z.enum(["http", "https"]).default("https"),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://").optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The address the server listens on: loopback unless told otherwise (`0.0.0.0` or `::` for every interface). */
  HOST: z.string().regex(/^[\w.:-]+$/, "must be an IP address or host name such as 127.0.0.1 or 0.0.0.0").default("127.0.0.1"),
  /** Bearer token for GET /metrics; unset, /metrics answers loopback requests only (docs/security.md). */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `start`: minutes between incremental syncs of each org (a full sweep runs daily). */
  SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(1, "must be at least 1 (minutes)").default(60),
  /** Requests per minute per client IP to /api/auth/login and /api/auth/callback (0: no limit). */
  RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(0, "must be 0 (no limit) or more").default(60),
  /** Webhook deliveries per minute per client IP; GitHub redelivers in bursts of 1,000 (0: no limit). */
  /** Comma-separated hosts notify.webhookUrl may name although they resolve to private addresses (an internal chat relay). */
  NOTIFY_WEBHOOK_ALLOWED_HOSTS: z.string().transform((s) => s.split(",").map((h) => h.trim()).filter((h) => h !== "")).default([]),
  RATE_LIMIT_WEBHOOKS_PER_MINUTE: z.coerce.number().int().min(0, "must be 0 (no limit) or more").default(6000),
});

export type Env = z.infer<typeof EnvSchema> & {
  /** REST base URL: api.github.com, or `${GHE_PROTOCOL}://${GHE_HOST}/api/v3` for GHES and the simulator. */
  apiBaseUrl: string;
  /** Web base URL (OAuth): github.com or `${GHE_PROTOCOL}://${GHE_HOST}`. */
  webBaseUrl: string;
  privateKey: string | undefined;
};

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Empty strings count as unset (a blank line in .env must not become an invalid value).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInput(String(issue.path[0] ?? "environment"), issue.message);
  }
  const e = parsed.data;
  let privateKey = e.PRIVATE_KEY?.replace(/\\n/g, "\n");
  if (!privateKey && e.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(e.PRIVATE_KEY_PATH, "utf8");
    } catch {
      throw new InvalidInput("PRIVATE_KEY_PATH", `cannot read ${e.PRIVATE_KEY_PATH}; point it at the App's .pem file`);
    }
  }
  const host = e.GHE_HOST?.replace(/\/+$/, "");
  return {
    ...e,
    privateKey,
    apiBaseUrl: host ? `${e.GHE_PROTOCOL}://${host}/api/v3` : "https://api.github.com",
    webBaseUrl: host ? `${e.GHE_PROTOCOL}://${host}` : "https://github.com",
  };
}

/** For commands that talk to GitHub as the App: fails with the variable to set. */
export function requireAppCredentials(env: Env): { appId: number; privateKey: string } {
  if (!env.APP_ID) throw new InvalidInput("APP_ID", "is not set; set it to your GitHub App's id (or run `npm run demo`)");
  if (!env.privateKey) throw new InvalidInput("PRIVATE_KEY", "is not set; set PRIVATE_KEY (PEM text) or PRIVATE_KEY_PATH");
  return { appId: Number(env.APP_ID), privateKey: env.privateKey };
}
