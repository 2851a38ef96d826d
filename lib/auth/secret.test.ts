import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { loadOrCreateSecret } = await import("./secret");

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "likeness-secret-"));
  dirs.push(dir);
  return path.join(dir, "nested", "auth-secret");
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("loadOrCreateSecret", () => {
  it("creates a random secret once, readable only by its owner, and keeps it", () => {
    const file = tempFile();
    const first = loadOrCreateSecret(file);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(file)).toBe(first);
    expect(fs.readdirSync(path.dirname(file))).toEqual(["auth-secret"]);
  });

  it("uses a secret another process stored first", () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "set-by-someone-else\n");
    expect(loadOrCreateSecret(file)).toBe("set-by-someone-else");
  });

  it("differs between data dirs", () => {
    expect(loadOrCreateSecret(tempFile())).not.toBe(loadOrCreateSecret(tempFile()));
  });

  it("says to set AUTH_SECRET when it cannot store one", () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(file), "a-file"), "");
    // A directory that cannot exist (its parent is a file): unwritable even for root.
    const impossible = path.join(path.dirname(file), "a-file", "auth-secret");
    expect(() => loadOrCreateSecret(impossible)).toThrow(/set AUTH_SECRET/);
  });
});
