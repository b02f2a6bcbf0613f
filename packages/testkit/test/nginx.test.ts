import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NGINX_TEMPLATE, nginxMainConfig, renderNginxSnippet } from "../src/nginx.js";

describe("nginx config", () => {
  const template = readFileSync(NGINX_TEMPLATE, "utf8");

  it("renders infra/nginx's template: listen address and one server line per upstream", () => {
    const text = renderNginxSnippet(template, "127.0.0.1:8080", ["127.0.0.1:1", "127.0.0.1:2"]);
    expect(text).toContain("listen 127.0.0.1:8080;");
    expect(text).toContain("server 127.0.0.1:1 max_fails=1 fail_timeout=5s; server 127.0.0.1:2");
    expect(text).not.toMatch(/\$\{WIREWATCH_(LISTEN|UPSTREAM_SERVERS)\}/);
    for (const directive of [
      "proxy_http_version 1.1;",
      "proxy_set_header Upgrade $http_upgrade;",
      "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
      "proxy_next_upstream error timeout http_502 http_503;",
      "proxy_read_timeout 1h;",
      "access_log /var/log/nginx/access.log wirewatch_masked;",
      "error_log /var/log/nginx/error.log crit;",
    ])
      expect(text).toContain(directive);
    // Issue 14: the shipped template exposes no internal address to clients.
    expect(text).not.toContain("add_header");
    expect(text).not.toContain("X-Wirewatch-Upstream");
  });

  it("moves the snippet's own log files into a directory when asked", () => {
    const text = renderNginxSnippet(template, "80", ["127.0.0.1:1"], "/tmp/p");
    expect(text).toContain("access_log /tmp/p/access.log wirewatch_masked;");
    expect(text).toContain("error_log /tmp/p/error.log crit;");
    expect(text).not.toContain("/var/log/");
  });

  it("refuses an empty upstream list", () => {
    expect(() => renderNginxSnippet(template, "80", [])).toThrow("at least one upstream");
  });

  it("keeps logs and every temp path inside the prefix", () => {
    const main = nginxMainConfig("/tmp/p");
    const paths = [...main.matchAll(/ (\/[^\s;]+)/g)].map((m) => m[1]);
    expect(paths).toHaveLength(8); // error_log, access_log, five temp paths, the snippet
    for (const path of paths) expect(path?.startsWith("/tmp/p/")).toBe(true);
    expect(main).not.toMatch(/^\s*(daemon|pid|user)\b/m);
    expect(main).not.toContain("X-Wirewatch-Upstream");
  });

  it("adds the test-only X-Wirewatch-Upstream header only when asked", () => {
    expect(nginxMainConfig("/tmp/p", { upstreamHeader: true })).toContain(
      "add_header X-Wirewatch-Upstream $upstream_addr always;",
    );
  });
});
