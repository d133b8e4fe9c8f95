// Reading EXPLAIN (ANALYZE, FORMAT JSON) plans: which step took the most time of its own.

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'CTE Name'?: string;
  'Subplan Name'?: string;
  'Actual Total Time'?: number;
  'Actual Loops'?: number;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/**
 * The node whose own time (its total times loops, less its children's) is largest, in words. A CTE
 * is run by the scan that first reads it, so a CTE scan's own time leaves out the CTE's plan.
 */
export function slowestStep(root: object): { describe: string; ms: number; rows: number } {
  let best = { describe: '', ms: -1, rows: 0 };
  const total = (n: PlanNode) => (n['Actual Total Time'] ?? 0) * (n['Actual Loops'] ?? 1);
  const ctes = new Map<string, number>();
  const collect = (node: PlanNode) => {
    if (node['Subplan Name']?.startsWith('CTE ')) ctes.set(node['Subplan Name'].slice(4), total(node));
    for (const child of node.Plans ?? []) collect(child);
  };
  collect(root as PlanNode);
  const visit = (node: PlanNode) => {
    const cte = node['Node Type'] === 'CTE Scan' ? (ctes.get(node['CTE Name'] ?? '') ?? 0) : 0;
    const own = Math.max(0, total(node) - cte - (node.Plans ?? []).reduce((sum, child) => sum + total(child), 0));
    if (own > best.ms) {
      const on = node['Index Name'] ? ` using ${node['Index Name']}` : '';
      const of = node['Relation Name'] ? ` on ${node['Relation Name']}` : node['CTE Name'] ? ` on CTE ${node['CTE Name']}` : '';
      best = { describe: `${node['Node Type']}${on}${of}`, ms: own, rows: (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) };
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root as PlanNode);
  return best;
}

/** Every index a plan reads, once each, in plan order. */
export function indexesUsed(root: object): string[] {
  const found = new Set<string>();
  const visit = (node: PlanNode) => {
    if (node['Index Name']) found.add(node['Index Name']);
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root as PlanNode);
  return [...found];
}
