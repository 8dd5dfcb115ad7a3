import type { Workload } from '../analyze/model.js';

/** How a finding names a container: "container `web` of Deployment/api", "service `web`". */
export function where(workload: Workload): Record<string, string> {
  return { container: workload.name, owner: workload.owner, role: workload.role };
}

export function describeWhere(d: Record<string, string>): string {
  if (d.role === 'service') return `service \`${d.container}\``;
  return `${d.role === 'initContainer' ? 'init container' : 'container'} \`${d.container}\` of ${d.owner}`;
}
