import { headers } from "next/headers";
import { publicOriginOfHeaders } from "@/lib/api/parse";

/** The origin a reader of a page reaches the app at (lib/api/origin.ts), for the examples. */
export async function pageOrigin(): Promise<string> {
  return publicOriginOfHeaders(await headers());
}
