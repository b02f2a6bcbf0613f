/**
 * Where the CLI writes and how it exits; injected so command tests run in-process.
 * `out` is for results (stdout), `err` for diagnostics (stderr).
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
  /**
   * True when `out` is a terminal (a TTY), the one place `wirewatch start` shows a secret: a pipe
   * or file (systemd's journal, `docker logs`, `> log`) keeps what it is given. Absent: not one.
   */
  readonly outIsTerminal?: boolean;
}

// A closed pipe (`wirewatch tail ... | head`) is the reader saying "enough": exit quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
  exit: (code) => {
    process.exitCode = code;
  },
  get outIsTerminal() {
    return process.stdout.isTTY === true;
  },
};
