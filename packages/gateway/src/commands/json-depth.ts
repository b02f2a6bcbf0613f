/**
 * Whether a parsed JSON value nests arrays and objects deeper than `maxDepth` (a scalar is depth
 * 0, `{}` depth 1). Iterative, so a hostile 10 000-level document costs a loop, not the stack —
 * unlike `JSON.stringify`, which throws a RangeError on it.
 */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== "object" || current === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
