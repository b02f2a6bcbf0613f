import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHeldFiles, isKernelFs } from "../../../src/inputs/host/held-files.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const errno = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  }
};

describe("host input: files kept open between rounds", () => {
  it("holds only procfs and sysfs files", () => {
    expect(isKernelFs("/proc")).toBe(true);
    expect(isKernelFs("/sys")).toBe(true);
    dir = mkdtempSync(join(tmpdir(), "wirewatch-held-"));
    expect(isKernelFs(dir)).toBe(false);
    expect(isKernelFs(join(dir, "missing"))).toBe(false);

    // A regular file outside the kernel roots is opened afresh every time: a replaced file is seen.
    const held = createHeldFiles(() => ["/proc"]);
    const path = join(dir, "passwd");
    writeFileSync(path, "a\n");
    expect(held.readText(path)).toBe("a\n");
    rmSync(path);
    writeFileSync(path, "b\n");
    expect(held.readText(path)).toBe("b\n");
    expect(held.size()).toBe(0);
  });

  it("re-reads a held descriptor from the start, whole, however large the file", () => {
    dir = mkdtempSync(join(tmpdir(), "wirewatch-held-"));
    // A temporary directory standing in for a kernel root: a regular file rewritten in place
    // (same inode) shows its new contents through the held descriptor, like a procfs file.
    const held = createHeldFiles(() => [dir!]);
    const path = join(dir, "stat");
    writeFileSync(path, "first\n");
    expect(held.readText(path)).toBe("first\n");
    expect(held.size()).toBe(1);
    const big = `${"x".repeat(200_000)}\n`;
    writeFileSync(path, big);
    expect(held.readText(path)).toBe(big);
    writeFileSync(path, "ünïcödé\n");
    expect(held.readText(path)).toBe("ünïcödé\n");
    expect(held.size()).toBe(1);
    held.close();
    expect(held.size()).toBe(0);
  });

  it("closes what a round did not read, and holds at most maxOpen", () => {
    dir = mkdtempSync(join(tmpdir(), "wirewatch-held-"));
    const held = createHeldFiles(() => [dir!], 2);
    for (const name of ["a", "b", "c"]) writeFileSync(join(dir, name), name);
    expect(["a", "b", "c"].map((name) => held.readText(join(dir!, name)))).toEqual(["a", "b", "c"]);
    expect(held.size()).toBe(2);
    held.endRound();
    expect(held.size()).toBe(2);
    held.readText(join(dir, "a"));
    held.endRound(); // b was not read this round
    expect(held.size()).toBe(1);
    held.endRound(); // nor was a
    expect(held.size()).toBe(0);
  });

  it("gives a fresh read's errors once a held process has exited (not found, not ESRCH)", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const held = createHeldFiles(() => ["/proc"]);
    const path = `/proc/${child.pid}/stat`;
    expect(held.readText(path)).toMatch(new RegExp(`^${child.pid} \\(sleep\\) `));
    expect(held.size()).toBe(1);
    child.kill("SIGKILL");
    await exited;
    expect(errno(() => held.readText(path))).toBe("ENOENT");
    expect(held.size()).toBe(0);
    expect(errno(() => held.readText("/proc/self/no-such-file"))).toBe("ENOENT");
    expect(errno(() => held.readText("/proc/self"))).toBe("EISDIR");
    expect(held.size()).toBe(0);
  });
});
