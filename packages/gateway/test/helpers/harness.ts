import { type Bus, createMemoryBus, silentLogger } from "@wirewatch/bus";
import { Registry } from "prom-client";
import {
  createGateway,
  type Gateway,
  type GatewayOptions,
  type ListeningGateway,
  listenGateway,
} from "../../src/index.js";

/** A gateway on an ephemeral loopback port over a real MemoryBus. */
export interface Harness {
  bus: Bus;
  gateway: Gateway;
  listening: ListeningGateway;
  registry: Registry;
  /** `ws://127.0.0.1:PORT/api/v1/ws` */
  wsUrl: string;
  /** `http://127.0.0.1:PORT` */
  httpUrl: string;
  close(): Promise<void>;
}

export const READ_TOKEN = "read-token-0123456789abcdef";
export const PUBLISH_TOKEN = "publish-token-0123456789abcdef";
export const ADMIN_TOKEN = "admin-token-0123456789abcdef";
export const LIMITED_TOKEN = "limited-token-0123456789abcdef";
export const JWT_SECRET = "jwt-secret-0123456789abcdef-0123456789";

export const DEFAULT_TOKENS: NonNullable<GatewayOptions["auth"]>["tokens"] = [
  { name: "reader", token: READ_TOKEN, permissions: ["read"] },
  { name: "publisher", token: PUBLISH_TOKEN, permissions: ["read", "publish"] },
  { name: "admin", token: ADMIN_TOKEN, permissions: ["admin"] },
  {
    name: "limited",
    token: LIMITED_TOKEN,
    permissions: ["read", "publish"],
    channels: ["system.stats", "custom.allowed"],
  },
];

export async function startHarness(options: Partial<GatewayOptions> = {}): Promise<Harness> {
  const bus = options.bus ? (options.bus as Bus) : createMemoryBus({ logger: silentLogger });
  const registry = new Registry();
  const gateway = createGateway({
    hostName: "gw-test",
    auth: { mode: "token", tokens: DEFAULT_TOKENS, jwt: { secret: JWT_SECRET } },
    registry,
    ...options,
    bus,
  });
  const listening = await listenGateway(gateway, { host: "127.0.0.1", port: 0 });
  return {
    bus,
    gateway,
    listening,
    registry,
    wsUrl: `ws://127.0.0.1:${listening.port}/api/v1/ws`,
    httpUrl: `http://127.0.0.1:${listening.port}`,
    async close() {
      await listening.close();
      await bus.close();
    },
  };
}

/** A valid system.stats payload. */
export function stats(cpu = 25.5): Record<string, unknown> {
  return {
    cpu_percent: cpu,
    memory_percent: 50,
    memory_used: 8589934592,
    memory_total: 17179869184,
    uptime: 86400,
    load_average: [0.5, 0.7, 0.9],
    network_io: { bytes_sent: 1048576, bytes_recv: 2097152 },
  };
}

/** A valid storage.status payload. */
export function storage(disks = 2): Record<string, unknown> {
  return {
    array_status: "started",
    arrays: [],
    disks: Array.from({ length: disks }, (_, i) => ({
      device: `/dev/sd${String.fromCharCode(97 + i)}1`,
      mountpoint: `/mnt/disk${i + 1}`,
      fstype: "xfs",
      total: 1000,
      used: 400,
      free: 600,
      used_percent: 40,
    })),
  };
}

/** A valid storage.status payload with one filesystem, mounted at `/` (what Tvheadend's diskspaceUpdate reports). */
export function rootStorage(total = 900, used = 300): Record<string, unknown> {
  const root = { device: "/dev/sda1", mountpoint: "/", fstype: "ext4", total, used, free: total - used };
  return { ...storage(0), disks: [{ ...root, used_percent: Math.round((used / total) * 1000) / 10 }] };
}

/** A valid system.processes payload: MonServ's documented postgres process, by memory. */
export function processes(): Record<string, unknown> {
  const postgres = {
    pid: 1234,
    name: "postgres",
    username: "postgres",
    rss_bytes: 536870912,
    percent_ram: 6.25,
    cpu_percent: 1.5,
    cmdline: "postgres -D /var/lib/postgresql/data",
  };
  return { by_memory: [postgres], by_cpu: [postgres] };
}
