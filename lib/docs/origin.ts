import { headers } from "next/headers";
import { env } from "@/lib/env";

/** The origin a reader of a page reaches the app at (APP_URL, else the Host they asked), for examples. */
export async function pageOrigin(): Promise<string> {
  const configured = env().appUrl;
  if (configured) return configured;
  const h = await headers();
  const host = h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
