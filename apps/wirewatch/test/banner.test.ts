import { describe, expect, it } from "vitest";
import { type BannerInput, renderBanner } from "../src/banner.js";

const TOKEN = "Zr3-secret_token-0123456789abcdefghijklmnopq";
const base: BannerInput = {
  url: "ws://127.0.0.1:34600",
  path: "/api/v1/ws",
  host: "nas",
  authMode: "token",
  generated: { token: TOKEN, path: "/home/u/.config/wirewatch/token", created: true },
  showToken: true,
};

describe("renderBanner", () => {
  it("on a terminal puts the generated token once, in the URL", () => {
    const text = renderBanner(base);
    expect(text).toContain(`WebSocket  ws://127.0.0.1:34600/api/v1/ws?token=${TOKEN}\n`);
    expect(text.split(TOKEN)).toHaveLength(2);
    expect(text).toContain(
      "Token      generated and stored in /home/u/.config/wirewatch/token (mode 0600)\n",
    );
  });

  it("elsewhere names the token file and never the token", () => {
    for (const created of [true, false]) {
      const text = renderBanner({ ...base, showToken: false, generated: { ...base.generated!, created } });
      expect(text).not.toContain(TOKEN);
      expect(text).toContain("WebSocket  ws://127.0.0.1:34600/api/v1/ws\n");
      expect(text).toContain(
        `${created ? "generated and stored in" : "read from"} /home/u/.config/wirewatch/token (mode 0600); not printed, as stdout is not a terminal`,
      );
    }
  });

  it("says when auth is off or tokens come from the configuration", () => {
    expect(renderBanner({ ...base, authMode: "none", generated: undefined })).toMatch(/Auth\s+OFF/);
    expect(renderBanner({ ...base, generated: undefined })).toContain(
      "Auth       tokens from your configuration",
    );
  });
});
