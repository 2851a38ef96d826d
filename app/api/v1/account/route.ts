// GET /api/v1/account: the signed-in user's tier, what it allows, today's usage (split between the
// session and each API key) and when it resets.
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { PRIVATE_HEADERS, requireUser } from "@/lib/account/guard";
import { listKeys, usageSplit } from "@/lib/account/keys";
import { limitsView } from "@/lib/account/limits";
import type { AccountView } from "@/lib/account/types";

export const GET = withApi(async (request) => {
  const { identity, setCookies } = await requireUser(request);
  const [limits, keys] = await Promise.all([limitsView(identity), listKeys(identity.userId)]);
  const body: AccountView = {
    ...limits,
    account: { id: identity.userId, email: identity.email },
    usage_split: usageSplit(limits.usage.used, keys),
  };
  return withSetCookies(Response.json(body, { headers: PRIVATE_HEADERS }), setCookies);
});
