import { afterEach } from "vitest";
import { createNutClient, type NutClient, type NutClientOptions } from "../../src/index.js";
import {
  type Script,
  type ScriptedServer,
  type ScriptedServerOptions,
  startScriptedServer,
} from "./scripted-server.js";

/** Scripted servers and clients of one test file, closed after each test. */
export function useScriptedClients() {
  let servers: ScriptedServer[] = [];
  let clients: NutClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    clients = [];
    servers = [];
  });

  /** A scripted server and a client of it (2 s timeout, reconnect after 50 ms up to 200 ms). */
  async function setup(
    script: Script,
    options: Partial<NutClientOptions> = {},
    serverOptions: ScriptedServerOptions = {},
  ) {
    const server = await startScriptedServer(script, serverOptions);
    servers.push(server);
    const client = createNutClient({
      host: "127.0.0.1",
      port: server.port,
      timeoutMs: 2_000,
      reconnect: { minDelayMs: 50, maxDelayMs: 200 },
      ...options,
    });
    clients.push(client);
    return { server, client };
  }

  /** Registers a client made elsewhere, to be closed after the test. */
  const track = (client: NutClient) => {
    clients.push(client);
    return client;
  };

  return { setup, track };
}
