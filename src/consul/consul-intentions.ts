import { Construct, IConstruct } from 'constructs';
import * as consul from '../../imports/consul.hashicorp.com-v1alpha1';
import { propError } from '../core/errors';
import { isDnsLabel } from '../core/validators';
import { UpstreamService } from '../resources/upstream-service';

const SIDECAR_SUFFIX = '-sidecar-proxy';

/**
 * One `ServiceIntentions` per Consul service the connector's Mappings reach, allowing the
 * connector's Consul identity in: with ACLs and default-deny intentions, a Connect sidecar
 * refuses Ambassador's certificate otherwise.
 *
 * Consul keeps every intention of one destination in a single service-intentions config entry,
 * and consul-k8s's admission webhook rejects a second ServiceIntentions with the same
 * `spec.destination.name` anywhere in the cluster; so each is created once, and the app-wide
 * duplicate check catches a second one (from another connector) at synth.
 */
export class ConsulIntentions {
  private readonly byDestination = new Map<string, consul.ServiceIntentions>();

  constructor(private readonly scope: Construct, private readonly source: string, private readonly namespace: string) {}

  /** Allows the source into the Consul service behind a Mapping's upstream (its Connect sidecar). */
  public allow(mapping: IConstruct, upstream: UpstreamService): void {
    const destination = destinationOf(upstream.host);
    if (destination === undefined) {
      throw propError(mapping, 'service', upstream.host, `is not a Consul Connect sidecar service (<service>${SIDECAR_SUFFIX}), so the connector cannot tell which Consul service to write a ServiceIntentions for`,
        `name the sidecar with ConsulResolver.sidecarService("qotm"), or set serviceIntentions: false on the connector and allow "${this.source}" in your own ServiceIntentions`);
    }
    if (this.byDestination.has(destination)) return;
    this.byDestination.set(destination, new consul.ServiceIntentions(this.scope, `Intentions-${destination}`, {
      metadata: { name: destination, namespace: this.namespace },
      spec: {
        destination: { name: destination },
        sources: [{ name: this.source, action: 'allow' }],
      },
    }));
  }
}

/** The Consul service whose Connect sidecar `host` is, or undefined. */
function destinationOf(host: string): string | undefined {
  if (!host.endsWith(SIDECAR_SUFFIX)) return undefined;
  const destination = host.slice(0, -SIDECAR_SUFFIX.length);
  return isDnsLabel(destination) ? destination : undefined;
}
