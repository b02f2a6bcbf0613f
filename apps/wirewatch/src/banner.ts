/**
 * What `wirewatch start` prints once it listens: where to connect and where the token is.
 *
 * Contract: the generated (or read-back) token appears once, in the WebSocket URL, and only
 * when `showToken` is true — `wirewatch start` sets it only when stdout is a terminal, since
 * stdout is also where its JSON logs go and a pipe (journald, `docker logs`) keeps everything.
 * Otherwise the banner names the token file instead. Never in the log; a configured static
 * token or JWT key is never printed.
 */
export interface BannerInput {
  url: string;
  path: string;
  host: string;
  authMode: "token" | "none";
  generated?: { token: string; path: string; created: boolean } | undefined;
  /** Put the generated token in the URL (stdout is a terminal). */
  showToken: boolean;
  /** Other dialects served (architecture §5): label and path, e.g. `MonServ`, `/ws`. */
  dialects?: readonly { label: string; path: string }[];
}

export function renderBanner(b: BannerInput): string {
  const http = b.url.replace(/^ws:/, "http:");
  const query = b.generated && b.showToken ? `?token=${encodeURIComponent(b.generated.token)}` : "";
  const lines = [
    `wirewatch is watching ${b.host}`,
    `  WebSocket  ${b.url}${b.path}${query}`,
    `  Metrics    ${http}/metrics   Health ${http}/readyz`,
  ];
  if (b.dialects && b.dialects.length > 0)
    lines.push(`  Also       ${b.dialects.map((d) => `${d.label} ${d.path}`).join(", ")} (same token)`);
  if (b.authMode === "none")
    lines.push("  Auth       OFF (WIREWATCH_AUTH=none): anyone who can reach this port can connect");
  else if (b.generated) {
    const where = `${b.generated.created ? "generated and stored in" : "read from"} ${b.generated.path} (mode 0600)`;
    const hidden = "; not printed, as stdout is not a terminal: connect with ?token=<the file's content>";
    lines.push(`  Token      ${where}${b.showToken ? "" : hidden}`);
  } else lines.push("  Auth       tokens from your configuration");
  lines.push("  Try        pnpm wirewatch tail system.stats", "");
  return lines.join("\n");
}
