// GET /api/v1/account: the signed-in user's tier, what it allows, today's usage and when it resets.
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { PRIVATE_HEADERS, requireUser } from "@/lib/account/guard";
import { limitsView } from "@/lib/account/limits";
import type { AccountView } from "@/lib/account/types";

export const GET = withApi(async (request) => {
  const { identity, setCookies } = await requireUser(request);
  const body: AccountView = {
    ...(await limitsView(identity)),
    account: { id: identity.userId, email: identity.email },
  };
  return withSetCookies(Response.json(body, { headers: PRIVATE_HEADERS }), setCookies);
});
