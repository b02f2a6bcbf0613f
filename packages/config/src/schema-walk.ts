/**
 * Reads the structure of a zod schema: unwraps optional/default/prefault wrappers to the
 * option's base type, finds the schema of a child key or array element, and collects the
 * description and {@link OptionMeta} along the way. The env mapping, coercion, masking and
 * the renderers all navigate the config through these functions.
 */
import { z } from "zod";
import { type OptionMeta, optionMeta } from "./schema/common.js";

/** Any zod schema. */
export type AnySchema = z.core.$ZodType;

/** The parts of a zod definition this module reads (they differ per schema type). */
interface LooseDef {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: readonly AnySchema[];
  in?: AnySchema;
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
}

const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "nonoptional", "catch"]);

/** An option's schema with its wrappers peeled off. */
export interface OptionInfo {
  /** The unwrapped schema (object, array, string, number, boolean, enum, literal, union...). */
  base: AnySchema;
  /** zod's type name of `base`. */
  kind: string;
  description?: string;
  /** Example values from `.meta({ examples })`. */
  examples?: readonly unknown[];
  /** The option may be absent and has no default. */
  optional: boolean;
  meta: OptionMeta;
}

export function defOf(schema: AnySchema): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

/** Peels wrappers off `schema`, keeping the outermost description and the merged metadata. */
export function inspect(schema: AnySchema): OptionInfo {
  let current = schema;
  let description: string | undefined;
  let examples: readonly unknown[] | undefined;
  let optional = false;
  let hasDefault = false;
  let meta: OptionMeta = {};
  for (;;) {
    const global = z.globalRegistry.get(current);
    description ??= global?.description;
    examples ??= global?.examples as readonly unknown[] | undefined;
    meta = { ...optionMeta.get(current), ...meta };
    // Schemas from other packages (inputs, alert rules) cannot call `secret()`; they mark secrets
    // with JSON Schema's `writeOnly` in zod's global registry, which means the same here.
    if (global?.writeOnly === true && meta.secret === undefined) meta = { ...meta, secret: "value" };
    const def = defOf(current);
    if (def.type === "optional") optional = true;
    if (def.type === "default" || def.type === "prefault") hasDefault = true;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else break;
  }
  const info: OptionInfo = {
    base: current,
    kind: defOf(current).type,
    optional: optional && !hasDefault,
    meta,
  };
  if (description !== undefined) info.description = description;
  if (examples !== undefined) info.examples = examples;
  return info;
}

/** The keys and schemas of an object schema (after unwrapping), or undefined for non-objects. */
export function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const { base, kind } = inspect(schema);
  return kind === "object" ? defOf(base).shape : undefined;
}

/** The element schema of an array schema (after unwrapping), or undefined for non-arrays. */
export function elementOf(schema: AnySchema): AnySchema | undefined {
  const { base, kind } = inspect(schema);
  return kind === "array" ? defOf(base).element : undefined;
}

/** The schema of `segment` below `schema`: an object's key or an array's index. */
export function childOf(schema: AnySchema, segment: PropertyKey): AnySchema | undefined {
  const shape = shapeOf(schema);
  if (shape) return typeof segment === "string" && Object.hasOwn(shape, segment) ? shape[segment] : undefined;
  const element = elementOf(schema);
  if (element && (typeof segment === "number" || /^\d+$/.test(String(segment)))) return element;
  return undefined;
}

/** The schema at `path` below `root`, or undefined when the path does not exist. */
export function schemaAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = childOf(current, segment);
  }
  return current;
}

/** True when `schema` is a secret or holds one somewhere below it. */
export function containsSecret(schema: AnySchema): boolean {
  const info = inspect(schema);
  if (info.meta.secret) return true;
  const shape = shapeOf(schema);
  if (shape) return Object.values(shape).some(containsSecret);
  const element = elementOf(schema);
  return element ? containsSecret(element) : false;
}

/** The allowed values of an enum or literal schema (after unwrapping). */
export function choicesOf(schema: AnySchema): unknown[] | undefined {
  const { base, kind } = inspect(schema);
  const def = defOf(base);
  if (kind === "enum" && def.entries) return Object.values(def.entries);
  if (kind === "literal" && def.values) return [...def.values];
  return undefined;
}

/** The alternatives of a union schema (after unwrapping). */
export function unionOptions(schema: AnySchema): readonly AnySchema[] | undefined {
  const { base, kind } = inspect(schema);
  return kind === "union" ? defOf(base).options : undefined;
}

/** Every option path below `schema` (objects are entered, arrays and scalars are leaves). */
export function optionPaths(schema: AnySchema, prefix: readonly string[] = []): string[][] {
  const shape = shapeOf(schema);
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, child]) => [
    [...prefix, key],
    ...optionPaths(child, [...prefix, key]),
  ]);
}
