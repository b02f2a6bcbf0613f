import type { EmbeddedApp } from "@wirewatch/assembly";
import type { WirewatchConfig } from "@wirewatch/config";
import { renderBanner } from "./banner.js";

const DIALECT_LABELS = { monserv: "MonServ", nzbflow: "NZB Flow", tvheadend: "Tvheadend" } as const;

/** The enabled seed dialects as the banner lists them. */
function bannerDialects(config: WirewatchConfig): { label: string; path: string }[] {
  return (Object.keys(DIALECT_LABELS) as (keyof typeof DIALECT_LABELS)[])
    .filter((name) => config.gateway.dialects[name].enabled)
    .map((name) => ({ label: DIALECT_LABELS[name], path: config.gateway.dialects[name].path }));
}

/**
 * The banner of a started `wirewatch start` (see `renderBanner`): its URL, dialects and token
 * source; the generated token only when `showToken` (stdout is a terminal).
 */
export function startBanner(config: WirewatchConfig, app: EmbeddedApp, showToken: boolean): string {
  return renderBanner({
    url: app.listening.url,
    path: config.gateway.path,
    authMode: app.authMode,
    generated: app.generated,
    showToken,
    host: config.collector.hostname,
    dialects: bannerDialects(config),
  });
}
