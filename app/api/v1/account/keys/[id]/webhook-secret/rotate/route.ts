// POST /api/v1/account/keys/{id}/webhook-secret/rotate: a new webhook signing secret for one of your keys, shown once; the old one signs beside it for 24 h.
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { PRIVATE_HEADERS, requireUser } from "@/lib/account/guard";
import { rotateWebhookSecret } from "@/lib/account/keys";

export const POST = withApi<{ id: string }>(async (request, { params }) => {
  const { identity, setCookies } = await requireUser(request, { tier: "enterprise" });
  const rotated = await rotateWebhookSecret(identity.userId, params.id);
  if (!rotated) {
    throw new ApiError("not_found", `You have no API key with id ${JSON.stringify(params.id)}.`);
  }
  return withSetCookies(Response.json(rotated, { headers: PRIVATE_HEADERS }), setCookies);
});
