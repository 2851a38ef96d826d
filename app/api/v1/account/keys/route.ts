// GET /api/v1/account/keys: the enterprise user's API keys (never the keys themselves).
// POST /api/v1/account/keys {name, expires_at?}: a new key, shown in this answer only.
import { parseJsonBody } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { PRIVATE_HEADERS, requireUser } from "@/lib/account/guard";
import { createKey, createKeySchema, listKeys } from "@/lib/account/keys";

export const GET = withApi(async (request) => {
  const { identity, setCookies } = await requireUser(request, { tier: "enterprise" });
  const data = await listKeys(identity.userId);
  return withSetCookies(Response.json({ data }, { headers: PRIVATE_HEADERS }), setCookies);
});

export const POST = withApi(async (request) => {
  const { identity, setCookies } = await requireUser(request, { tier: "enterprise" });
  const input = await parseJsonBody(request, createKeySchema);
  const created = await createKey(identity.userId, input);
  return withSetCookies(
    Response.json(created, {
      status: 201,
      headers: { ...PRIVATE_HEADERS, Location: `/api/v1/account/keys/${created.id}` },
    }),
    setCookies,
  );
});
