/**
 * Secret scrubbing: the one place that decides what a token, password or credential looks like
 * in a string or an object. The logger runs every log record through `redactValue`; anything
 * else that prints or stores text a person will see (error bodies, `log` channel events, MonServ
 * server keys) should use `redactSecrets`. architecture §6: tokens never reach logs.
 *
 * Both functions are pure and never mutate their input.
 */
import { pino } from "pino";

export const REDACTED = "[REDACTED]";

const serializeError = pino.stdSerializers.err;

/** Object keys whose values are secrets, matched case-insensitively anywhere in the key. */
const SECRET_KEY =
  /token|passw(?:or)?d|passphrase|secret|api[-_]?key|private[-_]?key|credential|cookie|authorization|^pwd$|^jwt$|^sec-websocket-protocol$/i;

/** `scheme://user:password@host` → `scheme://user:***@host` (the MonServ server-key form). */
const URL_USERINFO = /(\/\/[^\s/?#@:]*):[^\s/?#@]+@/g;
/** `token=…`, `access_token=…`, `db_password=…` in query strings, env dumps and prose. */
const KEY_VALUE =
  /([\w.-]*(?:token|passw(?:or)?d|pwd|secret|api[-_]?key|apikey|jwt|signature))=([^\s&#"',;)]+)/gi;
/** `"token":"…"` inside serialized JSON carried by a string (raw frames, response bodies). */
const JSON_FIELD =
  /("[\w.-]*(?:token|passw(?:or)?d|secret|api[-_]?key|apikey|jwt|authorization|cookie)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** `Bearer <token>` as in an Authorization header quoted in an error message. */
const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi;
/** A bare JWT: base64url header and payload that both start with `{"`. */
const JWT = /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g;

/** Cheap pre-check so the common case (no secret-looking text) allocates nothing. */
const MAYBE_SECRET = /[@=]|"\s*:|bearer|eyJ/i;

/** True when a property with this name holds a secret (its whole value is redacted). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * Rewrites secrets inside free text: `?token=abc` → `?token=[REDACTED]`,
 * `ssh://root:pw@h` → `ssh://root:***@h`, `Bearer abc` → `Bearer [REDACTED]`, bare JWTs and
 * `"password":"…"` JSON fields → `[REDACTED]`. Idempotent.
 */
export function redactSecrets(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(URL_USERINFO, "$1:***@")
    .replace(KEY_VALUE, `$1=${REDACTED}`)
    .replace(JSON_FIELD, `$1"${REDACTED}"`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED);
}

/** Deeper than this a value is replaced by a marker rather than printed unscrubbed. */
const MAX_DEPTH = 10;

/**
 * Returns `value` with every secret-named property replaced by `[REDACTED]` and every string
 * passed through `redactSecrets`, at any depth. Errors become pino's serialized form
 * (`type`, `message`, `stack` with causes, own enumerable fields), scrubbed the same way.
 * Objects with `toJSON` (URL, …) are scrubbed as what they serialize to. Unchanged subtrees are
 * returned as-is (copy on write); cycles become `"[Circular]"`, too-deep values `"[...]"`.
 */
export function redactValue(value: unknown): unknown {
  return scrub(value, 0, new Set());
}

function scrub(value: unknown, depth: number, path: Set<object>): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
  if (path.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[...]";
  if (value instanceof Error) return scrubObject(serializeError(value), depth, path, true);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    try {
      return scrub(toJSON.call(value), depth, path);
    } catch {
      return "[Unserializable]";
    }
  }
  return scrubObject(value, depth, path, false);
}

function scrubObject(value: object, depth: number, path: Set<object>, forceCopy: boolean): unknown {
  path.add(value);
  try {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined = forceCopy ? [...value] : undefined;
      for (let i = 0; i < value.length; i++) {
        const next = scrub(value[i], depth + 1, path);
        if (next !== value[i]) {
          out ??= [...value];
          out[i] = next;
        }
      }
      return out ?? value;
    }
    const source = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined = forceCopy ? {} : undefined;
    const keys = Object.keys(source);
    for (const key of keys) {
      const current = source[key];
      const next =
        isSecretKey(key) && current !== undefined && current !== null
          ? REDACTED
          : scrub(current, depth + 1, path);
      if (next !== current && out === undefined) {
        out = {};
        for (const k of keys) out[k] = source[k];
      }
      if (out !== undefined) out[key] = next;
    }
    return out ?? value;
  } finally {
    path.delete(value);
  }
}

/**
 * pino `redact` paths: a second net for values that bypass `redactValue` — output of
 * serializers attached later (`logger.child(b, { serializers })` runs after the log formatter).
 * pino paths cannot express "any depth"; these cover the shapes we log.
 */
export const REDACT_PATHS: readonly string[] = [
  ...["token", "password", "secret", "authorization", "cookie", "apiKey", "accessToken"].flatMap((k) => [
    k,
    `*.${k}`,
    `*.*.${k}`,
  ]),
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["proxy-authorization"]',
  'req.headers["sec-websocket-protocol"]',
  'req.headers["x-api-key"]',
  "headers.authorization",
  "headers.cookie",
  'headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
];
