import type { JwtOptions } from "./jwt.js";
import type { StaticToken } from "./static-tokens.js";
import { loadOrCreateToken, type TokenFileResult } from "./token-file.js";

/** Client authentication settings, shaped like the config's `auth` section. */
export interface AuthOptions {
  /** `token` (default): every client needs a token. `none`: auth off (`WIREWATCH_AUTH=none`). */
  mode?: "token" | "none";
  tokens?: readonly StaticToken[];
  jwt?: JwtOptions;
  /** Where `prepareAuth` stores a generated token; default `~/.config/wirewatch/token`. */
  tokenFile?: string;
}

export const DEFAULT_TOKEN_FILE = "~/.config/wirewatch/token";
/** Name of the principal of a generated token (it holds every permission). */
export const GENERATED_TOKEN_NAME = "owner";

/** True when auth is on but neither static tokens nor a JWT key are configured. */
export function needsGeneratedToken(auth: AuthOptions): boolean {
  if (auth.mode === "none") return false;
  const jwt = auth.jwt;
  return (auth.tokens?.length ?? 0) === 0 && jwt?.secret === undefined && jwt?.publicKey === undefined;
}

/**
 * First-start helper for apps (`wirewatch start`): when auth is on and nothing is configured,
 * loads or generates the token file and returns auth options that accept it with every
 * permission, plus the token so the app can print the dashboard URL once. Otherwise returns
 * the options unchanged. Call before `createGateway`, which refuses an auth setup that could
 * never admit anyone.
 */
export async function prepareAuth(
  auth: AuthOptions,
): Promise<{ auth: AuthOptions; generated?: TokenFileResult }> {
  if (!needsGeneratedToken(auth)) return { auth };
  const generated = await loadOrCreateToken(auth.tokenFile ?? DEFAULT_TOKEN_FILE);
  const token: StaticToken = {
    name: GENERATED_TOKEN_NAME,
    token: generated.token,
    permissions: ["read", "publish", "admin"],
  };
  return { auth: { ...auth, mode: "token", tokens: [token] }, generated };
}
