import { Construct } from 'constructs';
import { requireSecretBesideAmbassador } from './ambassador-secret';
import { ResolvedConsulAddress } from './consul-address';
import { AmbassadorInstall } from '../install/ambassador-install';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorPodWiring, PodWiringFileNames } from '../pod-wiring/pod-wiring';

/**
 * What Ambassador's own pod needs for a ConsulResolver that reaches Consul over HTTPS: Emissary
 * watches Consul with the Consul API client's defaults (cmd/entrypoint/consul.go calls
 * `api.DefaultConfig()` and sets only the address), so it verifies the server with the CA named
 * by `CONSUL_CACERT` in its own environment. This mounts the connector's CA Secret (which must
 * also exist in Ambassador's namespace: synth fails when the Secret object is in another one) and
 * sets it. Apply it like any pod wiring: `wire()`,
 * `addHelmValues()` or `addKustomizeComponent()`.
 */
export class ConsulCaTrust extends AmbassadorPodWiring {
  public readonly podPatch: AmbassadorPodPatch;
  protected readonly fileNames: PodWiringFileNames = {
    helmValues: 'helm/ambassador-consul-ca-values.yaml', componentDir: 'kustomize/consul-ca', patchFile: 'ambassador-consul-ca-patch.yaml',
  };

  constructor(scope: Construct, id: string, ca: NonNullable<ResolvedConsulAddress['ca']>, install?: AmbassadorInstall) {
    super(scope, id, install);
    this.podPatch = {
      podLabels: {},
      podAnnotations: {},
      volumes: [ca.volume],
      volumeMounts: [ca.mount],
      env: Object.fromEntries(ca.trustEnv.map((e) => [e.name, e.value!])),
    };
    requireSecretBesideAmbassador(this, ca.secret, 'the Consul CA');
  }
}
