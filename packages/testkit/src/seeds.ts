import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The seed documents (../shared/seeds beside the checkout): the published APIs whose own client
 * code must run against wirewatch unchanged. Tests take that code from the documents at run time,
 * so what runs is what the documents print.
 */
export const SEEDS_DIR = fileURLToPath(new URL("../../../../shared/seeds/", import.meta.url));

/**
 * The first fenced block of `lang` after the heading line `heading` (e.g. "### Python") in a
 * seed document. Throws naming the document and heading when either is missing.
 */
export function seedExample(document: string, heading: string, lang: string): string {
  const path = `${SEEDS_DIR}${document}`;
  if (!existsSync(path))
    throw new Error(`seed document ${path} is missing (../shared/seeds beside the checkout)`);
  const text = readFileSync(path, "utf8");
  const at = text.split("\n").findIndex((line) => line.trim() === heading);
  if (at === -1) throw new Error(`${document}: no heading '${heading}'`);
  const rest = text
    .split("\n")
    .slice(at + 1)
    .join("\n");
  const match = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(rest);
  if (!match?.[1]) throw new Error(`${document}: no ${lang} block after '${heading}'`);
  return match[1];
}

/** Replaces the one occurrence of `from` in an example; throws if it is not there exactly once. */
export function retarget(example: string, from: string, to: string): string {
  const parts = example.split(from);
  if (parts.length !== 2)
    throw new Error(`expected '${from}' exactly once in the example, found ${parts.length - 1}`);
  return parts.join(to);
}
