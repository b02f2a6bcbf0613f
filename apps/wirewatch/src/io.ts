/**
 * Where the CLI writes and how it exits; injected so command tests run in-process.
 * `out` is for results (stdout), `err` for diagnostics (stderr).
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  exit(code: number): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
  exit: (code) => {
    process.exitCode = code;
  },
};
