import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { nutGetVar, nutQuery } from "./nut-query.js";
import { type RunningService, spawnService } from "./spawn-service.js";
import { devLines, upsConfSection, usersSection } from "./upsd-files.js";
import { waitFor } from "./wait-for.js";

export { nutGetVar, nutQuery } from "./nut-query.js";
export { DUMMY_UPS_VARS, POWER_CUT_STEPS, type UpsStep } from "./ups-scenarios.js";

const HOST = "127.0.0.1";
const INSTALL_HINT = "install Debian's nut-server (apt-get install --no-install-recommends nut-server)";

/** One dummy UPS: its name in upsd and its initial variables (a `.dev` file, inline vars, or both). */
export interface UpsdUps {
  name: string;
  /** An upsc dump / NUT DDL `.dev` file; copied verbatim, so dummy-ups reads it as in production. */
  file?: string;
  /** Variables set after the file's (e.g. `{ "ups.status": "OL" }`). */
  vars?: Record<string, string>;
  /** `desc` in ups.conf (what `LIST UPS` shows). */
  description?: string;
}

/** A user of upsd.users. */
export interface UpsdUser {
  name: string;
  password: string;
  /** `upsmon primary|secondary`: allows LOGIN. */
  upsmon?: "primary" | "secondary";
  actions?: string[];
  instcmds?: string[];
}

export interface StartUpsdOptions {
  upses: UpsdUps[];
  users?: UpsdUser[];
  /** Loopback port; default a free one. */
  port?: number;
  /** upsd's MAXAGE: a driver silent this long makes its data stale. Default 15 (upsd's). */
  maxAgeS?: number;
  /** Where Debian keeps upsd and the drivers. Default /lib/nut. */
  nutLibDir?: string;
  readyTimeoutMs?: number;
}

/** A private upsd with dummy-ups drivers, owned by one test. */
export interface Upsd {
  readonly host: string;
  readonly port: number;
  /** The private directory (config, state sockets, the UPSes' .dev files). */
  readonly dir: string;
  /**
   * Changes variables of a running dummy UPS (`null` or `""` removes one) and waits until upsd
   * serves the new values. dummy-ups re-reads its .dev file when the file's mtime changes.
   */
  step(ups: string, vars: Record<string, string | null>, options?: { timeoutMs?: number }): Promise<void>;
  /** Stops a UPS's driver (upsd then answers DRIVER-NOT-CONNECTED for it). */
  stopDriver(ups: string): Promise<void>;
  /** Starts a stopped driver again and waits until upsd serves the UPS. */
  startDriver(ups: string): Promise<void>;
  /**
   * Stops a UPS's driver, keeps it down `downMs` (default 0), starts it again and waits until upsd
   * serves the UPS. Resolves with what upsd answered to `GET VAR <ups> ups.status` meanwhile
   * (asked every 50 ms, repeats collapsed; a value unquoted, an error as its `ERR …` line), e.g.
   * `["OB DISCHRG", "ERR DRIVER-NOT-CONNECTED", "WAIT", "OB DISCHRG"]`.
   */
  restartDriver(ups: string, options?: { downMs?: number }): Promise<string[]>;
  /** SIGSTOP / SIGCONT the driver: after MAXAGE upsd answers DATA-STALE, until resumed. */
  pauseDriver(ups: string): void;
  resumeDriver(ups: string): void;
  /** One raw protocol command (`GET VAR ups1 ups.status`) and its reply lines. */
  query(command: string): Promise<string[]>;
  /** upsd's and the drivers' output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Asks upsd for a UPS's `ups.status` now (resolving after the first answer) and every 50 ms until
 * stopped, keeping each answer that differs from the one before (`stop()` asks once more, so the
 * last answer is the status upsd serves then).
 */
async function watchStatus(port: number, ups: string): Promise<{ answers: string[]; stop(): Promise<void> }> {
  const answers: string[] = [];
  let watching = true;
  const ask = async () => {
    const [line = ""] = await nutQuery(port, `GET VAR ${ups} ups.status`).catch((error: Error) => [
      `(no reply: ${error.message})`,
    ]);
    const answer = /^VAR \S+ \S+ "(.*)"$/.exec(line)?.[1] ?? line;
    if (answers.at(-1) !== answer) answers.push(answer);
  };
  await ask();
  const loop = (async () => {
    while (watching) {
      await ask();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    answers,
    async stop() {
      watching = false;
      await loop;
      await ask();
    },
  };
}

/**
 * Starts NUT's upsd on a free loopback port with one dummy-ups driver per UPS, in a private
 * config directory (ups.conf, upsd.conf with LISTEN and MAXAGE, upsd.users, and nut.conf with
 * MODE=standalone, without which Debian's upsd refuses to start), with NUT_CONFPATH,
 * NUT_STATEPATH and NUT_ALTPIDPATH pointing there. Resolves once every UPS answers GET VAR.
 *
 * Contract: never touches /etc/nut or a system upsd; processes run in the foreground and are
 * killed by `stop()` (or when the test process exits); the directory is removed on stop.
 * Values written by `step` cannot contain `"`, `\` or line breaks (dummy-ups misreads them).
 */
export async function startUpsd(options: StartUpsdOptions): Promise<Upsd> {
  const libDir = options.nutLibDir ?? "/lib/nut";
  const user = userInfo().username;
  const dir = await mkdtemp(join(tmpdir(), "wirewatch-upsd-"));
  const conf = join(dir, "etc");
  const state = join(dir, "state");
  await mkdir(conf);
  await mkdir(state);
  await mkdir(join(dir, "run"));
  const env = { ...process.env, NUT_CONFPATH: conf, NUT_STATEPATH: state, NUT_ALTPIDPATH: join(dir, "run") };
  const devFile = (ups: string) => join(dir, `${ups}.dev`);
  const drivers = new Map<string, RunningService>();
  const mtimes = new Map<string, number>();
  let upsd: RunningService | undefined;
  let port = options.port ?? (await freePort(HOST));

  for (const ups of options.upses) {
    const initial = ups.file ? await readFile(ups.file, "utf8") : "";
    await writeFile(devFile(ups.name), `${initial}\n${devLines(ups.vars ?? {})}`);
  }
  await writeFile(join(conf, "nut.conf"), "MODE=standalone\n");
  await writeFile(
    join(conf, "ups.conf"),
    options.upses.map((u) => upsConfSection(u, devFile(u.name))).join(""),
  );
  await writeFile(join(conf, "upsd.users"), (options.users ?? []).map(usersSection).join(""), {
    mode: 0o600,
  });

  const spawnDriver = async (ups: string): Promise<void> => {
    const service = await spawnService({
      name: `dummy-ups ${ups}`,
      command: join(libDir, "dummy-ups"),
      args: ["-a", ups, "-F", "-u", user],
      env,
      installHint: INSTALL_HINT,
      isReady: async () => existsSync(join(state, `dummy-ups-${ups}`)),
      readyTimeoutMs: options.readyTimeoutMs,
    });
    drivers.set(ups, service);
  };
  // A driver reports WAIT until it has read its .dev file.
  const serves = async (ups: string) => !["WAIT", null].includes(await nutGetVar(port, ups, "ups.status"));
  const launchUpsd = async (): Promise<void> => {
    const maxAge = options.maxAgeS === undefined ? "" : `MAXAGE ${options.maxAgeS}\n`;
    await writeFile(join(conf, "upsd.conf"), `LISTEN ${HOST} ${port}\n${maxAge}`, { mode: 0o600 });
    upsd = await spawnService({
      name: "upsd",
      command: join(libDir, "upsd"),
      args: ["-F", "-u", user],
      env,
      installHint: INSTALL_HINT,
      isReady: async () => {
        for (const ups of options.upses) if (!(await serves(ups.name))) return false;
        return true;
      },
      readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
    });
  };
  const driver = (ups: string): RunningService => {
    const service = drivers.get(ups);
    if (!service) throw new Error(`no running dummy-ups for '${ups}'`);
    return service;
  };
  const stopDriver = async (ups: string): Promise<void> => {
    await driver(ups).stop();
    drivers.delete(ups);
  };
  const startDriver = async (ups: string): Promise<void> => {
    await spawnDriver(ups);
    await waitFor(() => serves(ups), {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: `upsd to serve ${ups}`,
    });
  };
  const output = () =>
    [
      `upsd:\n${upsd?.output() ?? ""}`,
      ...[...drivers].map(([name, d]) => `dummy-ups ${name}:\n${d.output()}`),
    ].join("\n");
  const stop = async (): Promise<void> => {
    await upsd?.stop();
    await Promise.all([...drivers.values()].map((d) => d.stop({ signal: "SIGKILL" })));
    drivers.clear();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (const ups of options.upses) await spawnDriver(ups.name);
    for (let attempt = 1; ; attempt++) {
      try {
        await launchUpsd();
        break;
      } catch (error) {
        const inUse = error instanceof Error && /already in use|no listening interface/i.test(error.message);
        if (!inUse || options.port !== undefined || attempt >= 5) throw error;
        port = await freePort(HOST);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    host: HOST,
    port,
    dir,
    async step(ups, vars, stepOptions = {}) {
      driver(ups);
      const file = devFile(ups);
      const temp = `${file}.next`;
      await writeFile(temp, `${await readFile(file, "utf8")}\n${devLines(vars)}`);
      // dummy-ups notices a change by the file's mtime (whole seconds): make it strictly newer.
      const mtime = Math.max(Math.floor(Date.now() / 1000), (mtimes.get(ups) ?? 0) + 1);
      mtimes.set(ups, mtime);
      await utimes(temp, mtime, mtime);
      await rename(temp, file);
      await waitFor(
        async () => {
          for (const [name, value] of Object.entries(vars)) {
            if ((await nutGetVar(port, ups, name)) !== (value === "" ? null : value)) return false;
          }
          return true;
        },
        {
          timeoutMs: stepOptions.timeoutMs ?? 10_000,
          intervalMs: 100,
          description: `upsd to serve ${ups}'s new values`,
        },
      );
    },
    stopDriver,
    startDriver,
    async restartDriver(ups, restartOptions = {}) {
      const watch = await watchStatus(port, ups);
      try {
        await stopDriver(ups);
        await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs ?? 0));
        await startDriver(ups);
      } finally {
        await watch.stop();
      }
      return watch.answers;
    },
    pauseDriver: (ups) => process.kill(driver(ups).pid, "SIGSTOP"),
    resumeDriver: (ups) => process.kill(driver(ups).pid, "SIGCONT"),
    query: (command) => nutQuery(port, command),
    output,
    stop,
  };
}
