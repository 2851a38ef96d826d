// GET /i/{key}: stream a stored object from S3/R2 with immutable caching (used when no public R2 domain is set).
import { ifNoneMatchMatches as matches } from "@/lib/api/conditional";
import { ApiError } from "@/lib/api/errors";
import { withApi } from "@/lib/api/with-api";
import {
  getObject,
  headObject,
  IMMUTABLE_CACHE_CONTROL,
  isValidKey,
  type ObjectInfo,
} from "@/lib/storage";
import { preflight } from "@/lib/api/preflight";

function headers(info: ObjectInfo): Headers {
  return new Headers({
    "Content-Type": info.contentType,
    "Cache-Control": IMMUTABLE_CACHE_CONTROL,
    ETag: info.etag,
    ...(info.lastModified ? { "Last-Modified": info.lastModified.toUTCString() } : {}),
    "X-Content-Type-Options": "nosniff",
  });
}

async function serve(request: Request, key: string[], includeBody: boolean): Promise<Response> {
  const objectKey = key.join("/");
  if (!isValidKey(objectKey)) throw new ApiError("not_found", "No such image.");
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch || !includeBody) {
    const info = await headObject(objectKey);
    if (!info) throw new ApiError("not_found", "No such image.");
    if (matches(ifNoneMatch, info.etag))
      return new Response(null, { status: 304, headers: headers(info) });
    if (!includeBody) {
      const h = headers(info);
      h.set("Content-Length", String(info.contentLength));
      return new Response(null, { status: 200, headers: h });
    }
  }
  const object = await getObject(objectKey);
  if (!object) throw new ApiError("not_found", "No such image.");
  const h = headers(object);
  h.set("Content-Length", String(object.contentLength));
  return new Response(object.body, { status: 200, headers: h });
}

export const GET = withApi<{ key: string[] }>((request, { params }) =>
  serve(request, params.key, true),
);
export const HEAD = withApi<{ key: string[] }>((request, { params }) =>
  serve(request, params.key, false),
);

// CORS preflight for browser apps on other origins (lib/api/cors.ts).
export const OPTIONS = preflight(["GET", "HEAD"]);
