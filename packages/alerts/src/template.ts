/**
 * Message templates: text with `{name}` placeholders. A placeholder may list fallbacks and end in
 * a quoted literal: `{label|sensor}`, `{error|'no fresh data'}`. Names are looked up in the
 * variables given (dotted names allowed); an empty value falls through to the next option; a
 * placeholder with no value renders as `?` (as nothing when a name was set but empty).
 */
const PLACEHOLDER = /\{([^{}]+)\}/g;

export type TemplateVars = Readonly<Record<string, string | undefined>>;

export function renderTemplate(template: string, vars: TemplateVars): string {
  return template.replace(PLACEHOLDER, (_match, body: string) => {
    let empty = false;
    for (const option of body.split("|").map((part) => part.trim())) {
      if (option.length >= 2 && option.startsWith("'") && option.endsWith("'")) return option.slice(1, -1);
      const value = vars[option];
      if (value !== undefined && value !== "") return value;
      if (value === "") empty = true;
    }
    return empty ? "" : "?";
  });
}

/** Every variable name a template refers to (literals left out). */
export function templateNames(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    for (const option of (match[1] ?? "").split("|").map((part) => part.trim())) {
      if (option && !option.startsWith("'")) names.push(option);
    }
  }
  return names;
}
