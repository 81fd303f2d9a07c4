import { Construct } from 'constructs';
import { MountedSecret, requireSecretBesideAmbassador } from './ambassador-secret';
import { AmbassadorInstall } from '../install/ambassador-install';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';
import { AmbassadorPodWiring, PodWiringFileNames } from '../pod-wiring/pod-wiring';

/** Where the resolver's ACL token is mounted in Ambassador's pod. */
export const CONSUL_TOKEN_DIR = '/etc/consul-acl';

/**
 * The Consul ACL token for Ambassador's own Consul watcher (the ConsulResolvers' endpoint
 * lookups): Emissary makes its Consul client with the API's defaults (cmd/entrypoint/consul.go
 * calls `api.DefaultConfig()` and sets only the address), which read the token from the file
 * `CONSUL_HTTP_TOKEN_FILE` names (hashicorp/consul api.go `defaultConfig`). A file, not
 * `CONSUL_HTTP_TOKEN` from a `secretKeyRef`: the charts' `env` map takes plain values only, and a
 * file works the same through all three wirings. The key is mounted read-only and not optional:
 * without the file the client fails, and the watcher panics on that error. Apply it like any pod wiring: `wire()`,
 * `addHelmValues()` or `addKustomizeComponent()`.
 */
export class ConsulResolverToken extends AmbassadorPodWiring {
  public readonly podPatch: AmbassadorPodPatch;
  protected readonly fileNames: PodWiringFileNames = {
    helmValues: 'helm/ambassador-consul-token-values.yaml', componentDir: 'kustomize/consul-token', patchFile: 'ambassador-consul-token-patch.yaml',
  };

  constructor(scope: Construct, id: string, secret: MountedSecret, key: string, install?: AmbassadorInstall) {
    super(scope, id, install);
    this.podPatch = {
      podLabels: {},
      podAnnotations: {},
      volumes: [{ name: 'consul-acl-token', secret: { secretName: secret.name, items: [{ key, path: 'token' }] } }],
      volumeMounts: [{ name: 'consul-acl-token', mountPath: CONSUL_TOKEN_DIR, readOnly: true }],
      env: { CONSUL_HTTP_TOKEN_FILE: `${CONSUL_TOKEN_DIR}/token` },
    };
    requireSecretBesideAmbassador(this, secret, 'the resolvers\' ACL token');
  }
}
