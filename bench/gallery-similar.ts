// npx tsx bench/gallery-similar.ts [--rows 5000] [--runs 40]
//
// Seeds a separate database with N gallery index rows (the seed script's prompts) and runs the
// similar-avatars query (lib/gallery/similar-query.ts, as GET /api/v1/gallery/similar runs it) for
// typical inputs: a word, a word being typed, a typo, a couple of words, a whole prompt, nonsense.
// Each is timed by EXPLAIN ANALYZE (server-side execution, p50 and max over the runs), against the
// gallery's own prefix search for the same text in the same run (the baseline: a plain GIN lookup),
// and says whether the plan read the trigram index (only when full text finds too few).
import { parseArgs } from "node:util";
import type pg from "pg";
import { fetchPageRows } from "../lib/gallery/page-query";
import { similarSql } from "../lib/gallery/similar-query";
import { ensureServices, stackContext } from "../scripts/stack/index";
import { benchDatabase } from "./lib/app";
import { ensureGalleryRows } from "./lib/gallery-rows";
import { percentile } from "./lib/stats";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "5000" },
    runs: { type: "string", default: "40" },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const env = { ...process.env, LIKENESS_PROFILE: "test" as const };

const INPUTS: [name: string, prompt: string][] = [
  ["one word", "astronaut"],
  ["word being typed", "astro"],
  ["typo", "astronot"],
  ["two words", "red hair"],
  ["common words", "smiling person with glasses"],
  ["whole prompt", "cheerful astronaut with pink hair and sunglasses on a lavender background"],
  ["nonsense", "zebra submarine"],
  ["long, unrelated", "a wizard cat with a pointy hat casting spells in a dark forest at night"],
];

interface PlanNode {
  "Index Name"?: string;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
}

interface Plan {
  "Execution Time": number;
  Plan: PlanNode;
}

/** Whether the plan ran a node on this index (the trigram step is skipped when full text suffices). */
function usedIndex(node: PlanNode, index: string): boolean {
  if (node["Index Name"] === index && (node["Actual Loops"] ?? 0) > 0) return true;
  return (node.Plans ?? []).some((child) => usedIndex(child, index));
}

async function explain(client: pg.Client, text: string, params: unknown[]): Promise<Plan> {
  const result = await client.query<{ "QUERY PLAN": Plan[] }>(
    `explain (analyze, format json) ${text}`,
    params,
  );
  return result.rows[0]!["QUERY PLAN"][0]!;
}

async function timeQuery(client: pg.Client, text: string, params: unknown[]) {
  const times: number[] = [];
  let plan: Plan | undefined;
  for (let i = 0; i < RUNS; i++) {
    plan = await explain(client, text, params);
    times.push(plan["Execution Time"]);
  }
  return { p50: percentile(times, 50), max: Math.max(...times), plan: plan!.Plan };
}

/** The gallery search's SQL for the same text, captured from the code that builds it. */
async function gallerySearchSql(q: string): Promise<{ text: string; values: unknown[] }> {
  let captured: { text: string; values: unknown[] } | undefined;
  await fetchPageRows(
    async (text, values) => {
      captured ??= { text, values };
      return [];
    },
    "id",
    { q, limit: 6 },
  );
  return captured!;
}

const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  await ensureServices(["pg"], stackContext(env));
  const client = await benchDatabase(env, "likeness_similar_bench");
  await ensureGalleryRows(client, ROWS);
  const rows = [];
  for (const [name, prompt] of INPUTS) {
    const similar = similarSql("id, style, prompt", { prompt, limit: 6 });
    const found = (await client.query(similar.text, similar.values)).rowCount;
    const t = await timeQuery(client, similar.text, similar.values);
    const base = await gallerySearchSql(prompt);
    const b = await timeQuery(client, base.text, base.values);
    rows.push({
      input: name,
      found,
      "similar p50 ms": round(t.p50),
      "similar max ms": round(t.max),
      "search p50 ms": round(b.p50),
      ratio: round(t.p50 / b.p50),
      "trigram index": usedIndex(t.plan, "gallery_avatars_prompt_trgm_idx") ? "read" : "-",
    });
  }
  console.log(`\nsimilar avatars, ${ROWS} rows, EXPLAIN ANALYZE execution time over ${RUNS} runs`);
  console.table(rows);
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
