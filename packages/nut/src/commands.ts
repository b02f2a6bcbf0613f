/**
 * The commands of NUT's network protocol this client speaks, as {@link CommandSpec}s: the wire
 * line (arguments quoted where needed), how the command is shown in errors (passwords masked),
 * and the reader of its reply.
 */
import type { CommandSpec } from "./connection.js";
import { formatArg } from "./quote.js";
import { listReply, okReply, wordsReply } from "./replies.js";

const spec = <T>(line: string, reader: (display: string) => CommandSpec<T>["reader"], display = line) => ({
  line,
  display,
  reader: reader(display),
});

const ups = (name: string) => formatArg(name, "UPS name");
const variable = (name: string) => formatArg(name, "variable name");

export const commands = {
  /** `LIST UPS` → `UPS <name> "<description>"` items. */
  listUps: () => spec("LIST UPS", (d) => listReply(d, ["UPS"], ["UPS"], 2)),
  /** `LIST VAR <ups>` → `VAR <ups> <name> "<value>"` items. */
  listVars: (name: string) =>
    spec(`LIST VAR ${ups(name)}`, (d) => listReply(d, ["VAR", name], ["VAR", name], 2)),
  /** `LIST RW <ups>` → `RW <ups> <name> "<value>"` items. */
  listRw: (name: string) => spec(`LIST RW ${ups(name)}`, (d) => listReply(d, ["RW", name], ["RW", name], 2)),
  /** `LIST CMD <ups>` → `CMD <ups> <command>` items. */
  listCmd: (name: string) =>
    spec(`LIST CMD ${ups(name)}`, (d) => listReply(d, ["CMD", name], ["CMD", name], 1)),
  /** `GET VAR <ups> <name>` → `VAR <ups> <name> "<value>"`. */
  getVar: (name: string, varName: string) =>
    spec(`GET VAR ${ups(name)} ${variable(varName)}`, (d) => wordsReply(d, ["VAR", name, varName], 1)),
  /** `GET UPSDESC <ups>` → `UPSDESC <ups> "<description>"`. */
  getUpsDesc: (name: string) => spec(`GET UPSDESC ${ups(name)}`, (d) => wordsReply(d, ["UPSDESC", name], 1)),
  username: (user: string) => spec(`USERNAME ${formatArg(user, "username")}`, okReply),
  /** Shown as `PASSWORD ***` in every error. */
  password: (password: string) =>
    spec(`PASSWORD ${formatArg(password, "password")}`, okReply, "PASSWORD ***"),
  login: (name: string) => spec(`LOGIN ${ups(name)}`, okReply),
  starttls: () => spec("STARTTLS", okReply),
} satisfies Record<string, (...args: string[]) => CommandSpec<unknown>>;
