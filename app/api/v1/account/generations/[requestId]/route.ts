// PATCH /api/v1/account/generations/{requestId} {private}: make one of your requests private or public.
// DELETE /api/v1/account/generations/{requestId}: remove it from your history (see deleteHistoryItem
// for when the image itself is deleted too).
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { absoluteUrl, parseJsonBody } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { withSetCookies } from "@/lib/auth/identity";
import { PRIVATE_HEADERS, requireUser } from "@/lib/account/guard";
import { deleteHistoryItem, setHistoryPrivacy } from "@/lib/account/history";
import type { DeleteResultView } from "@/lib/account/types";
import { publicUrl } from "@/lib/storage";

type Params = { requestId: string };

const patchSchema = z.object({ private: z.boolean({ error: "must be true or false" }) });

function notFound(id: string): ApiError {
  return new ApiError("not_found", `You have no generation with id ${JSON.stringify(id)}.`);
}

export const PATCH = withApi<Params>(async (request, { params }) => {
  const { identity, setCookies } = await requireUser(request);
  const body = await parseJsonBody(request, patchSchema);
  const item = await setHistoryPrivacy(identity.userId, params.requestId, body.private, (key) =>
    absoluteUrl(publicUrl(key), request),
  );
  if (!item) throw notFound(params.requestId);
  return withSetCookies(Response.json(item, { headers: PRIVATE_HEADERS }), setCookies);
});

export const DELETE = withApi<Params>(async (request, { params }) => {
  const { identity, setCookies } = await requireUser(request);
  const result = await deleteHistoryItem(identity.userId, params.requestId);
  if (result.status === "not_found") throw notFound(params.requestId);
  const body: DeleteResultView = { id: params.requestId, hidden: true, removed: result.removed };
  return withSetCookies(Response.json(body, { headers: PRIVATE_HEADERS }), setCookies);
});
