import { parser } from '@prometheus-io/lezer-promql';

/**
 * Strict PromQL parse with the official grammar: returns one message per error node (⚠) in the
 * tree, empty when the expression parses cleanly.
 */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.to + 20))}`);
    },
  });
  if (tree.length !== expr.length) errors.push(`parse covered ${tree.length} of ${expr.length} characters`);
  return errors;
}
