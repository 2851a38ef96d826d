import { headers } from "next/headers";
import { publicOriginOfHeaders } from "@/lib/api/parse";

/** The origin a reader of a page reaches the app at (APP_URL, else the Host they asked), for examples. */
export async function pageOrigin(): Promise<string> {
  return publicOriginOfHeaders(await headers());
}
