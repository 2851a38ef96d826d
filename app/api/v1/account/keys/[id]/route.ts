// DELETE /api/v1/account/keys/{id}: revoke one of your API keys, for good. Revoking twice is harmless.
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { PRIVATE_HEADERS, requireUser } from "@/lib/account/guard";
import { revokeKey } from "@/lib/account/keys";

export const DELETE = withApi<{ id: string }>(async (request, { params }) => {
  const { identity, setCookies } = await requireUser(request, { tier: "enterprise" });
  const key = await revokeKey(identity.userId, params.id);
  if (!key)
    throw new ApiError("not_found", `You have no API key with id ${JSON.stringify(params.id)}.`);
  return withSetCookies(Response.json(key, { headers: PRIVATE_HEADERS }), setCookies);
});
