import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import type { Io } from "../io.js";

const PERMISSIONS = ["read", "publish", "admin"] as const;

/**
 * `wirewatch token create`: prints a new random static token and the config entry that enables
 * it. The token is printed once, to stdout only; it is never written anywhere by this command.
 */
export function registerTokenCommands(program: Command, io: Io): void {
  const token = program.command("token").description("manage access tokens");
  token
    .command("create")
    .description("generate a random token and print the config entry for it")
    .option("--name <name>", "name shown in logs and gateway.clients", "client")
    .option("--permissions <list>", "comma-separated: read, publish, admin", "read")
    .option("--channels <list>", "comma-separated channels the token may read (default: all)")
    .option("--json", "print {name, token, permissions} as JSON")
    .action((opts: { name: string; permissions: string; channels?: string; json?: boolean }) => {
      const perms = opts.permissions.split(",").map((p) => p.trim());
      const bad = perms.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
      if (bad.length > 0) {
        io.err(`token create: --permissions: unknown ${bad.join(", ")}; expected ${PERMISSIONS.join(", ")}`);
        io.exit(2);
        return;
      }
      const value = randomBytes(32).toString("base64url");
      const channels = opts.channels?.split(",").map((c) => c.trim());
      if (opts.json) {
        io.out(
          JSON.stringify({
            name: opts.name,
            token: value,
            permissions: perms,
            ...(channels ? { channels } : {}),
          }),
        );
        return;
      }
      io.out(
        [
          "# add to the auth.tokens list of your wirewatch config:",
          "auth:",
          "  tokens:",
          `    - name: ${opts.name}`,
          `      token: ${value}`,
          `      permissions: [${perms.join(", ")}]`,
          ...(channels ? [`      channels: [${channels.join(", ")}]`] : []),
        ].join("\n"),
      );
    });
}
