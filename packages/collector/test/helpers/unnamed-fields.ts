import type { z } from "zod";

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The paths of `value` that `schema` does not name: what a loose object lets through unchecked and
 * undocumented. Empty when the schema describes every field of the value.
 */
export function unnamedFields(schema: z.ZodType, value: unknown, path = "data"): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
      return value === undefined || value === null ? [] : unnamedFields(def.innerType!, value, path);
    case "array":
      return Array.isArray(value)
        ? value.flatMap((v, i) => unnamedFields(def.element!, v, `${path}[${i}]`))
        : [];
    case "tuple":
      return Array.isArray(value)
        ? value.flatMap((v, i) => (def.items![i] ? unnamedFields(def.items![i]!, v, `${path}[${i}]`) : []))
        : [];
    case "record":
      return isObject(value)
        ? Object.entries(value).flatMap(([k, v]) => unnamedFields(def.valueType!, v, `${path}.${k}`))
        : [];
    case "object":
      return isObject(value)
        ? Object.entries(value).flatMap(([k, v]) => {
            const field = def.shape![k];
            return field ? unnamedFields(field, v, `${path}.${k}`) : [`${path}.${k}`];
          })
        : [];
    default:
      return [];
  }
}
