import pg from "pg";
import { ApiError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/log";

const log = logger("db");

// int8 (bigint ids, counts) as JS numbers: every value we store stays far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const globalForDb = globalThis as typeof globalThis & { likenessPool?: pg.Pool };

/** The process-wide pool. Created lazily so importing this module never opens a connection. */
export function db(): pg.Pool {
  if (!globalForDb.likenessPool) {
    const e = env();
    const pool = new pg.Pool({
      connectionString: e.databaseUrl,
      max: e.databasePoolMax,
      // Fail fast while the database is down instead of queueing requests behind a dead server.
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 10_000,
      application_name: "likeness",
    });
    // An idle client whose server went away emits 'error' on the pool; unhandled, it kills the process.
    // The pool drops that client and opens a new one on next use, which is how we recover.
    pool.on("error", (err) => log.warn({ err: err.message }, "idle database connection lost"));
    globalForDb.likenessPool = pool;
  }
  return globalForDb.likenessPool;
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "57P01",
  "57P03",
]);

/** True for errors that mean "the database is unreachable", as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  if (code !== undefined && CONNECTION_CODES.has(code)) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(
    error.message,
  );
}

function unavailable(error: unknown): ApiError {
  return new ApiError(
    "service_unavailable",
    "The database is unavailable. Please try again shortly.",
    { cause: error },
  );
}

/** Runs one query; an unreachable database becomes a 503 the caller can show, not a crash. */
export async function query<T extends pg.QueryResultRow>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  try {
    const result = await db().query<T>(text, params);
    return result.rows;
  } catch (error) {
    throw isConnectionError(error) ? unavailable(error) : error;
  }
}

/** `query`, or the same over one transaction's connection (see `transaction`). */
export type Queryable = <T extends pg.QueryResultRow>(
  text: string,
  params?: unknown[],
) => Promise<T[]>;

/**
 * Runs `work` in one transaction on one pooled connection: committed if it resolves, rolled back if
 * it throws. `run` queries inside it. A database that cannot be reached is a 503, like `query`.
 */
export async function transaction<T>(
  work: (run: Queryable, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await db().connect();
  } catch (error) {
    throw isConnectionError(error) ? unavailable(error) : error;
  }
  try {
    await client.query("begin");
    const run: Queryable = async <R extends pg.QueryResultRow>(
      text: string,
      params: unknown[] = [],
    ) => (await client.query<R>(text, params)).rows;
    const result = await work(run, client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function closeDb(): Promise<void> {
  const pool = globalForDb.likenessPool;
  globalForDb.likenessPool = undefined;
  await pool?.end();
}
