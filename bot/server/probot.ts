// Builds the Probot instance for an environment and loads the app into it (the engine by closure).
import { Probot } from "probot";
import type { Engine } from "../engine.ts";
import type { Env } from "../env.ts";
import { InvalidInput } from "../../model/errors.ts";
import { createBackgroundJobs, type BackgroundJobs } from "../schedule/background.ts";
import { createApp } from "../index.ts";
import type { Logger } from "./log.ts";

/** The App's credentials, or undefined with what is missing (webhooks then answer 503). */
export function appCredentials(env: Env): { appId: number; privateKey: string; secret: string } | { missing: string[] } {
  const missing = [!env.APP_ID && "APP_ID", !env.privateKey && "PRIVATE_KEY or PRIVATE_KEY_PATH", !env.WEBHOOK_SECRET && "WEBHOOK_SECRET"]
    .filter((m): m is string => Boolean(m));
  if (missing.length) return { missing };
  return { appId: Number(env.APP_ID), privateKey: env.privateKey!, secret: env.WEBHOOK_SECRET! };
}

export async function createProbot({ env, engine, log, jobs }: {
  env: Env; engine: Engine; log: Logger; jobs?: BackgroundJobs;
}): Promise<{ probot: Probot; jobs: BackgroundJobs }> {
  const creds = appCredentials(env);
  // Probot would fall back to the secret "development": never accept webhooks signed with that.
  if ("missing" in creds) throw new InvalidInput(creds.missing[0]!, "is not set; the GitHub App needs APP_ID, PRIVATE_KEY and WEBHOOK_SECRET");
  const background = jobs ?? createBackgroundJobs({ log });
  const probot = new Probot({
    appId: creds.appId,
    privateKey: creds.privateKey,
    secret: creds.secret,
    baseUrl: env.apiBaseUrl,
    log: log.child({ name: "probot" }),
  });
  await probot.load(createApp({ engine, jobs: background }), { cwd: process.cwd(), addHandler: () => {} });
  return { probot, jobs: background };
}
