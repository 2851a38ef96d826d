import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { emptyCounts, type SimContext, type SimCounts } from "./context";
import { handleFal } from "./fal";
import {
  adminFaultsSchema,
  DEFAULT_LATENCY_MS,
  FaultState,
  faultsFromEnv,
  SIM_PROVIDERS,
  type Faults,
  type SimProvider,
} from "./faults";
import { ImageStore } from "./files";
import { HttpError, readJson, sendJson } from "./http";
import { JobStore } from "./jobs";
import { handleReplicate } from "./replicate";

/**
 * The provider simulator: one loopback HTTP server speaking the Fal queue protocol, the Replicate
 * predictions protocol, serving the (real, rendered) output images, and taking fault injection:
 *   /v1/…          Replicate            /files/{id}.{png|jpg|webp}   output images
 *   /__admin/…     faults, reset, counts, forget    anything else    Fal
 */
export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Starting faults; defaults to faultsFromEnv(process.env) over the default latencies. */
  initialFaults?: Partial<Record<SimProvider, Faults>>;
}

export interface Simulator {
  /** http://127.0.0.1:{port}: FAL_BASE_URL as is, REPLICATE_BASE_URL with /v1 appended. */
  url: string;
  close(): Promise<void>;
  setFaults(provider: SimProvider, faults: Faults): void;
  /** Back to the initial faults; counts are kept (see resetCounts). */
  resetFaults(): void;
  resetCounts(): void;
  counts(): Record<SimProvider, SimCounts>;
  /** Forgets every request so far (a provider's retention ran out): resuming one gets a 404. */
  forgetJobs(): void;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const fromEnv = options.initialFaults ?? faultsFromEnv(process.env);
  const initial = (p: SimProvider): Faults => ({ latencyMs: DEFAULT_LATENCY_MS[p], ...fromEnv[p] });
  const ctx: SimContext = {
    faults: {
      fal: new FaultState(initial("fal")),
      replicate: new FaultState(initial("replicate")),
    },
    counts: { fal: emptyCounts(), replicate: emptyCounts() },
    jobs: new JobStore(),
    images: new ImageStore(),
    holds: new Set(),
  };
  const sim = {
    setFaults: (provider: SimProvider, faults: Faults) => ctx.faults[provider].set(faults),
    resetFaults: () => SIM_PROVIDERS.forEach((p) => ctx.faults[p].reset()),
    resetCounts: () => SIM_PROVIDERS.forEach((p) => (ctx.counts[p] = emptyCounts())),
    counts: () => ({ fal: { ...ctx.counts.fal }, replicate: { ...ctx.counts.replicate } }),
    forgetJobs: () => ctx.jobs.clear(),
  };

  const server = createServer((req, res) => {
    route(ctx, sim, req, res).catch((error: unknown) => respondError(req, res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    ...sim,
    close: () =>
      new Promise<void>((resolve) => {
        for (const cancel of [...ctx.holds]) cancel();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Admin = Pick<Simulator, "setFaults" | "resetFaults" | "resetCounts" | "counts" | "forgetJobs">;

async function route(ctx: SimContext, admin: Admin, req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? "/", "http://sim").pathname;
  if (path.startsWith("/__admin/")) return routeAdmin(ctx, admin, req, res, path);
  if (path.startsWith("/files/") && (req.method === "GET" || req.method === "HEAD")) {
    return ctx.images.serve(res, path.slice("/files/".length), req.method === "HEAD");
  }
  if (path.startsWith("/v1/")) return handleReplicate(ctx, req, res, path);
  if (path === "/" && req.method === "GET") {
    return sendJson(res, 200, {
      simulator: "likeness-provider-simulator",
      providers: SIM_PROVIDERS,
    });
  }
  return handleFal(ctx, req, res, path);
}

async function routeAdmin(
  ctx: SimContext,
  admin: Admin,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const route = `${req.method} ${path}`;
  if (route === "GET /__admin/counts") return sendJson(res, 200, admin.counts());
  if (route === "POST /__admin/reset") {
    admin.resetFaults();
    admin.resetCounts();
    return sendJson(res, 200, { ok: true });
  }
  if (route === "POST /__admin/forget") {
    admin.forgetJobs();
    return sendJson(res, 200, { ok: true });
  }
  if (route === "POST /__admin/faults") {
    const body = await readJson(req, (why) => new HttpError(400, { error: why }));
    const parsed = adminFaultsSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, { error: z.prettifyError(parsed.error) });
    const { provider, ...faults } = parsed.data;
    admin.setFaults(provider, faults);
    return sendJson(res, 200, { provider, faults: ctx.faults[provider].faults });
  }
  throw new HttpError(404, { error: `no admin route ${route}` });
}

function respondError(req: IncomingMessage, res: ServerResponse, error: unknown) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) return sendJson(res, error.status, error.body, error.headers);
  console.error(`[simulator] ${req.method} ${req.url}:`, error);
  sendJson(res, 500, { detail: "simulator bug", error: String(error) });
}
