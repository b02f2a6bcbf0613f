/**
 * Reads an `upsc` dump — also the format of NUT DDL `.dev` files and of dummy-ups data files:
 * one `name: value` per line. Lines starting with `#` are comments, and so is a `#` word after
 * the value (the DDL's `battery.runtime: 0\t#COMMENT: …`), as NUT's own parser reads them.
 * `TIMER` lines (dummy-ups sequences) are skipped; a quoted value is unquoted.
 */

/** Variables of one UPS, in file order; a later line for the same name wins. */
export function parseUpscDump(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || /^TIMER\s/.test(line)) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    if (!/^[A-Za-z0-9._-]+$/.test(name)) continue;
    vars[name] = readValue(line.slice(colon + 1));
  }
  return vars;
}

function readValue(text: string): string {
  const value = text.trim();
  if (value.startsWith('"')) {
    let out = "";
    for (let i = 1; i < value.length; i++) {
      const ch = value[i] as string;
      if (ch === "\\" && i + 1 < value.length) out += value[++i];
      else if (ch === '"') return out;
      else out += ch;
    }
    return out;
  }
  const comment = /(^|\s)#/.exec(value);
  return (comment ? value.slice(0, comment.index) : value).trim();
}
