import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Writes a config file with one alert rule that is always true on a running machine
 * (`system.stats` uptime > 0, warning) and returns its path: `wirewatch start --config PATH`
 * fires `resource.alert` for rule `up` with its first sample.
 */
export function writeAlwaysFiringConfig(): string {
  const path = join(mkdtempSync(join(tmpdir(), "wirewatch-always-firing-")), "always-firing.yaml");
  writeFileSync(
    path,
    [
      "alerts:",
      "  rules:",
      "    - name: up",
      "      channel: system.stats",
      "      field: uptime",
      "      op: '>'",
      "      warning: 0",
      "      resource: uptime",
      "      subject: Uptime",
      "      unit: ' s'",
    ].join("\n"),
  );
  return path;
}
