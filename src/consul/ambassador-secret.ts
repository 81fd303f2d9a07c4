import { apiObjectOf } from '../core/kube-object';
import { AmbassadorPodWiring } from '../pod-wiring/pod-wiring';

/** A Secret that a pod wiring mounts into Ambassador's pod: its name, and its namespace when the app knows it. */
export interface MountedSecret {
  readonly name: string;
  readonly namespace?: string;
}

/**
 * Fails the synth when `wiring` mounts `secret` into an Ambassador that runs in another namespace
 * than the Secret's: a pod mounts Secrets from its own namespace only, and the kubelet reports
 * FailedMount while the pod never starts. Ambassador's namespace comes from the install target
 * or the Deployments the wiring was applied to.
 */
export function requireSecretBesideAmbassador(wiring: AmbassadorPodWiring, secret: MountedSecret, what: string): void {
  if (secret.namespace === undefined) return;
  wiring.node.addValidation({
    validate: () => {
      const namespaces = new Set([wiring.install?.namespace, ...wiring._wiredDeployments.map((d) => apiObjectOf(d)?.metadata.namespace)]
        .filter((n): n is string => n !== undefined && n !== secret.namespace));
      return [...namespaces].map((namespace) => `${wiring.node.path}: ${what} Secret "${secret.name}" is in namespace "${secret.namespace}", but Ambassador runs in "${namespace}", `
        + 'and a pod mounts Secrets from its own namespace only (the kubelet reports FailedMount and the pod never starts). '
        + `Fix: copy it into a Secret in "${namespace}" and give that one`);
    },
  });
}
