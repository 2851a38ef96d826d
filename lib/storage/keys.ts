/** Object keys we accept: relative, slash-separated, no traversal, a conservative character set. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

export class InvalidKeyError extends Error {
  constructor(key: string, reason: string) {
    super(`Invalid object key ${JSON.stringify(key.slice(0, 80))}: ${reason}`);
    this.name = "InvalidKeyError";
  }
}

export function assertValidKey(key: string): string {
  if (key.length === 0) throw new InvalidKeyError(key, "empty");
  if (key.length > MAX_KEY_LENGTH)
    throw new InvalidKeyError(key, `longer than ${MAX_KEY_LENGTH} characters`);
  if (key.startsWith("/")) throw new InvalidKeyError(key, "absolute paths are not allowed");
  for (const segment of key.split("/")) {
    if (segment === "." || segment === "..")
      throw new InvalidKeyError(key, "path traversal is not allowed");
    // SEGMENT also rejects empty segments ("a//b"), backslashes, NULs and leading dots.
    if (!SEGMENT.test(segment))
      throw new InvalidKeyError(key, `bad segment ${JSON.stringify(segment)}`);
  }
  return key;
}

export function isValidKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  webp: "image/webp",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  avif: "image/avif",
  svg: "image/svg+xml",
  json: "application/json",
};

export function contentTypeForKey(key: string): string {
  const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}
