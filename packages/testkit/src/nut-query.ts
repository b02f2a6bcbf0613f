import { createConnection } from "node:net";

/**
 * Sends one command to upsd over a fresh loopback connection and resolves with its reply lines:
 * one line, or a whole `BEGIN LIST … END LIST` block. For test harnesses (readiness checks,
 * waiting for a stepped value); products use @wirewatch/nut.
 *
 * Contract: rejects when the connection fails or no complete reply comes within `timeoutMs`.
 */
export function nutQuery(
  port: number,
  command: string,
  host = "127.0.0.1",
  timeoutMs = 2_000,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    let text = "";
    const done = (err: Error | null, lines?: string[]) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(lines ?? []);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`upsd at ${host}:${port}: no reply to ${command}`)));
    socket.once("error", (err) => done(err));
    socket.once("connect", () => socket.write(`${command}\n`));
    socket.on("data", (chunk) => {
      text += chunk.toString("utf8");
      const lines = text.split("\n");
      lines.pop();
      const first = lines[0];
      if (first === undefined) return;
      if (!first.startsWith("BEGIN LIST ")) return done(null, [first]);
      const end = `END LIST ${first.slice("BEGIN LIST ".length)}`;
      const endIndex = lines.indexOf(end);
      if (endIndex >= 0) done(null, lines.slice(0, endIndex + 1));
    });
  });
}

/** The value of `GET VAR ups name`, or `null` when upsd answers `ERR …` (e.g. VAR-NOT-SUPPORTED). */
export async function nutGetVar(port: number, ups: string, name: string): Promise<string | null> {
  const [line = ""] = await nutQuery(port, `GET VAR ${ups} ${name}`);
  if (line.startsWith("ERR")) return null;
  const match = /^VAR \S+ \S+ "(.*)"$/.exec(line);
  if (!match) throw new Error(`unexpected reply to GET VAR ${ups} ${name}: ${line}`);
  return (match[1] ?? "").replace(/\\(.)/g, "$1");
}
