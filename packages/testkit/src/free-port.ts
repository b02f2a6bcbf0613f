import { createServer } from "node:net";

/**
 * Asks the OS for a TCP port that is free on `host` right now (listen on port 0, read it, close).
 *
 * Contract: the port was free a moment ago; another process may still take it before the caller
 * binds it, so callers that spawn a server should retry on "address in use".
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("could not read the port the OS assigned"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
