import "server-only";
import { presentedApiKey, resolveIdentity } from "@/lib/auth/identity";

/** Listing models needs no key; one that is sent must still be valid, as everywhere else. */
export async function checkPresentedKey(request: Request): Promise<void> {
  if (presentedApiKey(request) !== undefined) await resolveIdentity(request);
}
