import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expandHome, loadOrCreateToken } from "../../src/auth/token-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "wirewatch-token-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("generated token file", () => {
  it("generates 32 random bytes as base64url in a 0600 file inside 0700 directories", async () => {
    const file = join(dir, "deep", "er", "token");
    const first = await loadOrCreateToken(file);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.token, "base64url")).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "deep"))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, "deep", "er"))).mode & 0o777).toBe(0o700);
    expect((await readFile(file, "utf8")).trim()).toBe(first.token);
  });

  it("reuses the stored token on the next start", async () => {
    const file = join(dir, "token");
    const first = await loadOrCreateToken(file);
    const second = await loadOrCreateToken(file);
    expect(second).toEqual({ token: first.token, path: file, created: false });
  });

  it("agrees on one token when two starts race", async () => {
    const file = join(dir, "token");
    const [a, b] = await Promise.all([loadOrCreateToken(file), loadOrCreateToken(file)]);
    expect(a.token).toBe(b.token);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
  });

  it("tightens a stored file readable by others", async () => {
    const file = join(dir, "token");
    await writeFile(file, "an-existing-token-0123456789\n", { mode: 0o644 });
    expect((await loadOrCreateToken(file)).token).toBe("an-existing-token-0123456789");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("refuses an empty or short stored token with WW_GATEWAY_TOKEN_FILE, without echoing it", async () => {
    const file = join(dir, "token");
    await writeFile(file, "short\n", { mode: 0o600 });
    const err = (await loadOrCreateToken(file).then(
      () => new Error("expected a failure"),
      (e: unknown) => e as Error,
    )) as Error & { code?: string };
    expect(err).toMatchObject({ code: "WW_GATEWAY_TOKEN_FILE" });
    expect(err.message).not.toContain("short\n");
  });

  it("expands ~", () => {
    expect(expandHome("~/.config/wirewatch/token")).toBe(join(homedir(), ".config/wirewatch/token"));
    expect(expandHome("/abs/token")).toBe("/abs/token");
  });
});
