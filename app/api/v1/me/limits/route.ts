// GET /api/v1/me/limits: what the caller's tier allows and how much of today's quota is left, for
// anyone: an anonymous visitor (who gets their cookie here if they had none), a user, or an API key.
import { withApi } from "@/lib/api/with-api";
import { resolveIdentity, withSetCookies } from "@/lib/auth/identity";
import { limitsView } from "@/lib/account/limits";
import { PRIVATE_HEADERS } from "@/lib/account/guard";
import { preflight } from "@/lib/api/preflight";

export const GET = withApi(async (request) => {
  const { identity, setCookies, issuedVisitor } = await resolveIdentity(request);
  // A first visit is shown the allowance of the visitor it now is, not the cookieless pool's.
  const body = await limitsView(issuedVisitor ?? identity);
  return withSetCookies(Response.json(body, { headers: PRIVATE_HEADERS }), setCookies);
});

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET"]);
