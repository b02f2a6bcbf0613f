/**
 * What `wirewatch start` prints to the terminal once it listens: where to connect, with the
 * token when one was generated or read from the token file. This goes to stdout only, never to
 * the log (tokens never reach logs); a configured static token or JWT key is never printed.
 */
export interface BannerInput {
  url: string;
  path: string;
  host: string;
  authMode: "token" | "none";
  generated?: { token: string; path: string; created: boolean } | undefined;
  /** Other dialects served (DESIGN §5): label and path, e.g. `MonServ`, `/ws`. */
  dialects?: readonly { label: string; path: string }[];
}

export function renderBanner(b: BannerInput): string {
  const http = b.url.replace(/^ws:/, "http:");
  const query = b.generated ? `?token=${encodeURIComponent(b.generated.token)}` : "";
  const lines = [
    `wirewatch is watching ${b.host}`,
    `  WebSocket  ${b.url}${b.path}${query}`,
    `  Metrics    ${http}/metrics   Health ${http}/readyz`,
  ];
  if (b.dialects && b.dialects.length > 0)
    lines.push(`  Also       ${b.dialects.map((d) => `${d.label} ${d.path}`).join(", ")} (same token)`);
  if (b.authMode === "none")
    lines.push("  Auth       OFF (WIREWATCH_AUTH=none): anyone who can reach this port can connect");
  else if (b.generated)
    lines.push(
      `  Token      ${b.generated.created ? "generated and stored" : "read from"} ${b.generated.path} (mode 0600)`,
    );
  else lines.push("  Auth       tokens from your configuration");
  lines.push("  Try        pnpm wirewatch tail system.stats", "");
  return lines.join("\n");
}
