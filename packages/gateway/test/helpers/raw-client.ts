import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

/**
 * A bare TCP client that performs the WebSocket handshake and then does nothing the test does
 * not ask for: it never answers pings and, once paused, never reads.
 */
export interface RawClient {
  socket: Socket;
  /** Resolves when the server closed or reset the TCP connection. */
  ended: Promise<void>;
}

export async function rawUpgrade(port: number, path: string): Promise<RawClient> {
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.on("error", () => {});
  const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.write(
    [
      `GET ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
      "Sec-WebSocket-Version: 13",
      "",
      "",
    ].join("\r\n"),
  );
  const head = await new Promise<string>((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n\r\n")) {
        socket.off("data", onData);
        resolve(text);
      }
    };
    socket.on("data", onData);
    socket.once("close", () => reject(new Error(`closed during handshake: ${text}`)));
  });
  if (!head.startsWith("HTTP/1.1 101")) throw new Error(`handshake refused: ${head.split("\r\n")[0]}`);
  socket.resume(); // swallow frames (pings) without answering
  return { socket, ended };
}
