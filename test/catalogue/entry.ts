import { Chart, Testing } from 'cdk8s';

/** One bad input. */
export interface BadInput {
  /** The construct or method called. */
  readonly construct: string;
  /** What is wrong with the input, in words. */
  readonly input: string;
  /** A fragment of the exact message expected. */
  readonly message: string;
  /** Builds it; must throw. `scope` is a chart in namespace "ambassador" whose path is "app". */
  readonly build: (scope: Chart) => void;
}

/** A fresh chart for one entry: namespace "ambassador", path "app". */
export function catalogueChart(): Chart {
  return new Chart(Testing.app(), 'app', { namespace: 'ambassador' });
}
