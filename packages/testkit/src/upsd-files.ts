/**
 * The files of the private upsd set up by `startUpsd`: ups.conf sections, upsd.users sections
 * and the `name: "value"` lines of dummy-ups .dev files.
 */
import type { UpsdUps, UpsdUser } from "./upsd.js";

const confQuote = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;

export function upsConfSection(ups: UpsdUps, file: string): string {
  const desc = ups.description === undefined ? "" : `\tdesc = ${confQuote(ups.description)}\n`;
  return `[${ups.name}]\n\tdriver = dummy-ups\n\tport = ${file}\n\tmode = dummy-once\n\tpollinterval = 1\n${desc}`;
}

export function usersSection(user: UpsdUser): string {
  const lines = [`[${user.name}]`, `\tpassword = ${confQuote(user.password)}`];
  if (user.upsmon) lines.push(`\tupsmon ${user.upsmon}`);
  if (user.actions?.length) lines.push(`\tactions = ${user.actions.join(" ")}`);
  if (user.instcmds?.length) lines.push(`\tinstcmds = ${user.instcmds.join(" ")}`);
  return `${lines.join("\n")}\n`;
}

/** `name: "value"` lines dummy-ups reads; an empty value removes the variable. */
export function devLines(vars: Record<string, string | null>): string {
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!/^[A-Za-z0-9._-]+$/.test(name))
        throw new Error(`not a NUT variable name: ${JSON.stringify(name)}`);
      const text = value ?? "";
      if (/["\\\r\n]/.test(text)) {
        throw new Error(`${name}: dummy-ups cannot read values with quotes, backslashes or line breaks`);
      }
      return `${name}: "${text}"\n`;
    })
    .join("");
}
