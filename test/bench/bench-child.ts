/**
 * One sample of the GitOps benchmark in a process of its own (its peak RSS is then its own):
 * `node bench-child.js gitops N [--kustomize]` or `node bench-child.js plain N`. A warm-up at
 * 1,000 routes first (the JIT), then one sample, printed as one line of JSON.
 */
import { synthFloor } from './synth-floor';
import { gitopsSample } from './synth-gitops';
import { synthL1 } from './synth-l1';

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function main(): void {
  const [way, count] = process.argv.slice(2);
  const n = Number(count);
  const warm = !process.argv.includes('--no-warm-up');
  if (way === 'gitops') {
    if (warm) gitopsSample(Math.min(n, 1000), false);
    console.log(JSON.stringify(gitopsSample(n, process.argv.includes('--kustomize'))));
  } else if (way === 'plain') {
    if (warm) {
      synthL1(Math.min(n, 1000));
      synthFloor(Math.min(n, 1000));
    }
    let start = process.hrtime.bigint();
    synthL1(n);
    const l1Ms = elapsed(start);
    start = process.hrtime.bigint();
    synthFloor(n);
    console.log(JSON.stringify({ l1Ms, floorMs: elapsed(start) }));
  } else {
    throw new Error(`usage: bench-child.js gitops|plain N [--kustomize] [--no-warm-up] (got ${way})`);
  }
}

main();
