// Child processes driven over IPC, shared by the fan-out benchmarks: a child announces itself
// with `{ type: "ready", ... }`, answers commands with typed messages, and exits on `{ cmd: "exit" }`
// (or when the parent goes away).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sleep } from "./proc.mjs";

/** Resolves with the child's next message of `type`; rejects if the child exits first. */
export function nextMessage(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message);
    };
    const onExit = (code) =>
      reject(new Error(`${child.spawnargs.join(" ")} exited (${code}) waiting for ${type}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Forks `script` (a URL or path) and waits for its `ready` message. */
export async function spawnChild(script, args = [], execArgv = []) {
  const path = script instanceof URL ? fileURLToPath(script) : script;
  const child = fork(path, args, { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await nextMessage(child, "ready");
  return { child, pid: child.pid, ready };
}

/** Asks a child to exit, and SIGKILLs it after 3 s. */
export async function stopChild(handle) {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  const exited = new Promise((resolve) => handle.child.once("exit", resolve));
  handle.child.send({ cmd: "exit" });
  await Promise.race([exited, sleep(3000)]);
  if (handle.child.exitCode === null && handle.child.signalCode === null) handle.child.kill("SIGKILL");
}

/** Sends `message` to every child and resolves with each one's reply of `type`. */
export function askAll(handles, message, type) {
  return Promise.all(
    handles.map((h) => {
      const reply = nextMessage(h.child, type);
      h.child.send(message);
      return reply;
    }),
  );
}

/**
 * Spreads `total` clients over the client processes (bench/gateway/clients.mjs): each gets
 * `{ cmd: "connect", ...message, count }` with its share. Throws unless every client connected.
 */
export async function connectClients(clients, message, total, what) {
  const shares = clients.map(
    (_, i) => Math.floor(total / clients.length) + (i < total % clients.length ? 1 : 0),
  );
  const results = await Promise.all(
    clients.map((c, i) => {
      const reply = nextMessage(c.child, "connected");
      c.child.send({ cmd: "connect", ...message, count: shares[i] });
      return reply;
    }),
  );
  const open = results.reduce((n, r) => n + r.open, 0);
  const errors = Object.assign({}, ...results.map((r) => r.errors));
  if (open !== total)
    throw new Error(`only ${open} of ${total} clients connected to ${what}: ${JSON.stringify(errors)}`);
  return open;
}

/** Closes every client of every client process. */
export async function closeClients(clients) {
  await askAll(clients, { cmd: "close" }, "closed");
}
