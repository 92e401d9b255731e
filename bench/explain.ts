// The indexes a query's plan uses, and the tables it scans sequentially, from EXPLAIN (FORMAT JSON).
import type pg from "pg";

type PlanNode = { "Node Type"?: string; "Index Name"?: string; "Relation Name"?: string; Plans?: PlanNode[] };

export async function indexesOf({ pool, sql, params }: { pool: pg.Pool; sql: string; params: unknown[] }): Promise<{ indexes: string[]; seqScans: string[] }> {
  const res = await pool.query(`explain (format json) ${sql}`, params);
  const row = res.rows[0] as { "QUERY PLAN": { Plan: PlanNode }[] };
  const indexes: string[] = [];
  const seqScans: string[] = [];
  const walk = (node: PlanNode) => {
    if (node["Index Name"]) indexes.push(node["Index Name"]);
    if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) seqScans.push(node["Relation Name"]);
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const p of row["QUERY PLAN"]) walk(p.Plan);
  return { indexes, seqScans };
}
