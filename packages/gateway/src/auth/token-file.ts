import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import { GatewayError } from "../errors.js";

/** The token, its file, and whether this call created it. */
export interface TokenFileResult {
  token: string;
  path: string;
  /** True when this call generated the token (print it); false when it was read back. */
  created: boolean;
}

/** Random bytes in a generated token (43 base64url characters). */
export const GENERATED_TOKEN_BYTES = 32;

/**
 * The token `wirewatch start` generates when none is configured (architecture §6): 32 random bytes,
 * base64url (43 characters, safe in URLs and in `Sec-WebSocket-Protocol`), stored in a file of
 * mode 0600 inside directories created with mode 0700, and reused on every later start.
 *
 * Contract: two processes starting at once agree on one token: the token is written to a
 * private temporary file first and then hard-linked into place, which fails for the loser,
 * who reads the winner's (never a half-written file). An existing file readable by others is tightened to 0600.
 * Errors carry `WW_GATEWAY_TOKEN_FILE`; their messages name the path, never the token.
 */
export async function loadOrCreateToken(file: string): Promise<TokenFileResult> {
  const path = expandHome(file);
  const existing = await readToken(path);
  if (existing !== undefined) return { token: existing, path, created: false };
  const token = randomBytes(GENERATED_TOKEN_BYTES).toString("base64url");
  const temp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(temp, `${token}\n`, { mode: 0o600, flag: "wx" });
    await link(temp, path);
    return { token, path, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      const raced = await readToken(path);
      if (raced !== undefined) return { token: raced, path, created: false };
    }
    throw new GatewayError("WW_GATEWAY_TOKEN_FILE", `cannot create token file ${path}`, { cause: err });
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function readToken(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new GatewayError("WW_GATEWAY_TOKEN_FILE", `cannot read token file ${path}`, { cause: err });
  }
  const token = text.trim();
  if (token.length < 16) {
    throw new GatewayError("WW_GATEWAY_TOKEN_FILE", `token file ${path} is empty or too short`);
  }
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) await chmod(path, 0o600);
  return token;
}

/** `~` and `~/…` expand to the home directory; the result is absolute. */
export function expandHome(file: string): string {
  if (file === "~") return homedir();
  if (file.startsWith("~/")) return resolve(homedir(), file.slice(2));
  return resolve(file);
}
