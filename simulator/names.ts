// Word lists for realistic generated data (logins, repositories, token names, request reasons).
export const FIRST_NAMES = [
  "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
  "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yusuf", "zoe", "amir",
  "bea", "chen", "dmitri", "elena", "farah", "goran", "hana", "ines", "jonas", "kenji", "lena",
  "mateo", "nora", "omar", "priya", "quinn", "rosa", "sanjay", "tomas", "uma", "valeria", "wei",
  "xavier", "yara", "zaid", "aisha", "bruno", "chloe", "diego", "emma", "felix", "gita", "hugo",
  "ingrid", "jamal", "kira", "liam", "maya", "nikolai", "oscar", "paula", "ravi", "sofia", "theo",
] as const;

export const LAST_NAMES = [
  "smith", "johnson", "garcia", "miller", "davis", "rodriguez", "martinez", "hernandez", "lopez",
  "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee", "thompson", "white",
  "harris", "clark", "lewis", "walker", "young", "allen", "king", "wright", "scott", "nguyen", "hill",
  "kim", "patel", "shah", "mueller", "schmidt", "rossi", "dubois", "silva", "santos", "kowalski",
  "novak", "ivanova", "tanaka", "sato", "suzuki", "wang", "li", "zhang", "chen", "liu", "singh",
  "kumar", "okafor", "mensah", "haddad", "cohen", "larsen", "nielsen", "berg", "virtanen",
] as const;

export const LOGIN_SUFFIXES = ["dev", "gh", "code", "hub", "io", "eng", "ops", "x", "hq", "work"] as const;

export const REPO_PREFIXES = [
  "payments", "billing", "auth", "identity", "search", "catalog", "checkout", "orders", "inventory",
  "shipping", "notifications", "analytics", "reporting", "platform", "infra", "data", "ml", "mobile",
  "web", "admin", "gateway", "ledger", "fraud", "pricing", "customer", "support", "docs", "design",
  "security", "compliance", "observability", "build", "release", "edge", "storage", "queue",
] as const;

export const REPO_SUFFIXES = [
  "api", "service", "frontend", "backend", "worker", "cli", "sdk", "terraform", "helm-charts",
  "pipeline", "dashboard", "lib", "proto", "infra", "scripts", "tools", "app", "server", "client",
  "config", "migrations", "e2e", "bot", "jobs", "website",
] as const;

export const TOKEN_NAMES = [
  "ci-deploy", "terraform", "local dev", "renovate", "backup script", "gh cli", "release-bot",
  "sync issues", "laptop", "MacBook Pro", "jenkins", "argo-cd", "datadog integration",
  "github-actions-cross-repo", "migration script", "audit export", "vscode", "cron job",
  "docs publisher", "package publish", "hackathon", "oncall tooling", "Grafana", "backstage",
  "security scanner", "dependency review", "temporary", "test token", "automation", "read-only access",
] as const;

export const REQUEST_REASONS = [
  "Need to automate releases for our team.",
  "CI pipeline needs to read private dependencies.",
  "Migrating issues from the old tracker.",
  "Local development against internal packages.",
  "Weekly reporting script reads pull requests.",
  "Terraform provider manages repository settings.",
  "I need to access the GitHub API",
  "Backstage catalog import.",
  "Security team scan of dependency manifests.",
  "Temporary access for an incident review.",
] as const;
