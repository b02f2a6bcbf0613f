import type { ClientCommand, ServerReply } from "@wirewatch/protocol";
import { createDeferred, type Deferred } from "./deferred.js";
import { ClientError } from "./errors.js";

/**
 * Commands sent with an `id` and answered by the gateway's reply carrying that id (architecture §4):
 * `publish` → `publish_ack`, `list_channels` → `channels`, … The first reply with the id settles
 * the request: an `error` reply rejects it with a {@link ClientError} carrying the server's code.
 *
 * Requests made while disconnected wait and are sent on the next open. A request already on the
 * wire when the connection drops is rejected with `disconnected` (it may or may not have been
 * applied); `client.close()` rejects everything with `closed`.
 */
export interface Requests {
  request(command: ClientCommand): Promise<ServerReply>;
  /** Sends what waited for a connection. */
  flush(): void;
  /** Settles the request a reply answers; false when the reply is not for a request. */
  handle(reply: { type: string; id?: unknown; code?: unknown; message?: unknown }): boolean;
  disconnected(): void;
  closeAll(error: ClientError): void;
}

interface Pending {
  command: ClientCommand & { id: string };
  deferred: Deferred<ServerReply>;
  sent: boolean;
}

export function createRequests(deps: { send(command: object): boolean; nextId(): string }): Requests {
  const pending = new Map<string, Pending>();
  const trySend = (p: Pending) => {
    if (!p.sent && deps.send(p.command)) p.sent = true;
  };
  return {
    request(command) {
      const id = deps.nextId();
      const p: Pending = { command: { ...command, id }, deferred: createDeferred(), sent: false };
      pending.set(id, p);
      trySend(p);
      return p.deferred.promise;
    },
    flush() {
      for (const p of pending.values()) trySend(p);
    },
    handle(reply) {
      if (typeof reply.id !== "string") return false;
      const p = pending.get(reply.id);
      if (!p) return false;
      pending.delete(reply.id);
      if (reply.type === "error") {
        p.deferred.reject(
          new ClientError(String(reply.code) as never, String(reply.message ?? "request failed"), {
            id: reply.id,
          }),
        );
      } else {
        p.deferred.resolve(reply as ServerReply);
      }
      return true;
    },
    disconnected() {
      for (const [id, p] of pending) {
        if (!p.sent) continue;
        pending.delete(id);
        p.deferred.reject(
          new ClientError("disconnected", `the connection dropped before ${p.command.type} was answered`, {
            id,
          }),
        );
      }
    },
    closeAll(error) {
      for (const p of pending.values()) p.deferred.reject(error);
      pending.clear();
    },
  };
}
