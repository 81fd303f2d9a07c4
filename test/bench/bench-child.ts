/**
 * One run of the GitOps benchmark in a process of its own: `node bench-child.js N ORDER
 * [--kustomize] [--no-warm-up]`. A warm-up of each way at 1,000 routes first (the JIT), then one
 * sample of each way in the order given (a rotation of "gitops,l1,floor"), so that the ways
 * compared run side by side under the same load; printed as one line of JSON. Peak RSS is read
 * right after the GitOps synth: it is GitOpsApp's own when the GitOps way runs first.
 */
import { synthFloor } from './synth-floor';
import { gitopsSample } from './synth-gitops';
import { synthL1 } from './synth-l1';

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const timed = (run: () => unknown) => {
  const start = process.hrtime.bigint();
  run();
  return elapsed(start);
};

function main(): void {
  const [count, orderArg] = process.argv.slice(2);
  const n = Number(count);
  const order = (orderArg ?? 'gitops,l1,floor').split(',');
  if (!Number.isInteger(n) || order.some((w) => !['gitops', 'l1', 'floor'].includes(w))) {
    throw new Error(`usage: bench-child.js N gitops,l1,floor [--kustomize] [--no-warm-up] (got ${process.argv.slice(2).join(' ')})`);
  }
  if (!process.argv.includes('--no-warm-up')) {
    gitopsSample(Math.min(n, 1000), false);
    synthL1(Math.min(n, 1000));
    synthFloor(Math.min(n, 1000));
  }
  const result: Record<string, unknown> = { order };
  for (const way of order) {
    if (way === 'gitops') Object.assign(result, gitopsSample(n, process.argv.includes('--kustomize')), { gitopsFirst: order[0] === 'gitops' });
    else if (way === 'l1') result.l1Ms = timed(() => synthL1(n));
    else result.floorMs = timed(() => synthFloor(n));
  }
  console.log(JSON.stringify(result));
}

main();
