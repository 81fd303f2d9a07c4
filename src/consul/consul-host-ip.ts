import { Construct } from 'constructs';
import { AmbassadorInstall } from '../install/ambassador-install';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorPodWiring, PodWiringFileNames } from '../pod-wiring/pod-wiring';

/**
 * `HOST_IP` (the node's IP, from the downward API's `status.hostIP`) in Ambassador's own pod, for
 * installs that do not set it: a ConsulResolver of `ConsulAddress.nodeAgent()` says
 * `${HOST_IP}:8500`, which Emissary's Consul watcher expands from its environment. Apply it like
 * any pod wiring: `addKustomizeComponent()` (a no-op where the Deployment already has it),
 * `addHelmValues()` (through the chart's `envRaw`) or `wire()`.
 */
export class ConsulHostIp extends AmbassadorPodWiring {
  public readonly podPatch: AmbassadorPodPatch = {
    podLabels: {},
    podAnnotations: {},
    volumes: [],
    volumeMounts: [],
    env: {},
    fieldEnv: { HOST_IP: 'status.hostIP' },
  };
  protected readonly fileNames: PodWiringFileNames = {
    helmValues: 'helm/ambassador-consul-host-ip-values.yaml', componentDir: 'kustomize/consul-host-ip', patchFile: 'ambassador-consul-host-ip-patch.yaml',
  };

  constructor(scope: Construct, id: string, install: AmbassadorInstall | undefined) {
    super(scope, id, install);
  }
}
