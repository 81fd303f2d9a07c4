import { createHash } from 'crypto';
import { Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioMtls } from './istio-mtls';
import * as istio from '../../imports/security.istio.io-v1beta1';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { apiObjectOf, isConstruct, namespaceOf } from '../core/kube-object';
import { checkBoolean, checkNamespace, checkObjectName, isDnsSubdomain } from '../core/validators';
import { MappingUse } from '../resources/upstream-service';

/** Props for `IstioAuthorization`. */
export interface IstioAuthorizationProps {
  /** The `IstioMtls` whose Mappings Ambassador must be let through for. */
  readonly istio: IstioMtls;
  /**
   * The service account Ambassador's pods run as: the identity in the mesh certificate.
   * @default - the `serviceAccountName` of the Deployment `istio` wired (`default` when it names
   * none); with `IstioCertificates.mountedSecret()`, the account the `istio.<account>` secret is
   * for; else the install target's (a chart's follows its naming rules: the release name, or
   * `<release>-emissary-ingress` / `<release>-edge-stack`, or `nameOverride` and `fullnameOverride`)
   */
  readonly serviceAccount?: string;
  /**
   * The namespace Ambassador runs in.
   * @default - `istio.ambassadorNamespace`, else the namespace of the Deployment `istio` wired
   */
  readonly ambassadorNamespace?: string;
  /**
   * The mesh's trust domain (`meshConfig.trustDomain`), the first part of the principal.
   * @default "cluster.local"
   */
  readonly trustDomain?: string;
  /**
   * Allow Ambassador only on the ports its Mappings use (the Service's numeric `targetPort` when
   * the Mapping was given the Service object, else the port written in the service). Istio
   * compares the port the pod receives on: when a Service maps a port elsewhere, pass the Service
   * object to the Mapping, or turn this off.
   * @default true
   */
  readonly restrictPorts?: boolean;
}

const AUTHORIZATION_PROPS = propKeys<IstioAuthorizationProps>()('istio', 'serviceAccount', 'ambassadorNamespace', 'trustDomain', 'restrictPorts');

/**
 * Lets Ambassador's mesh identity into each namespace its `IstioMtls` Mappings route to: one
 * Istio `AuthorizationPolicy` (ALLOW) per destination namespace, allowing the principal
 * `<trustDomain>/ns/<namespace>/sa/<serviceAccount>` on the ports the Mappings use, kept in step
 * as Mappings are added.
 *
 * Mind what an ALLOW policy does: once any ALLOW policy applies to a workload, Istio denies it
 * every request no ALLOW policy matches (istio.io, authorization-policy reference). Each policy
 * here covers its whole namespace, so every other caller of those workloads (other services,
 * scrapers) then needs an ALLOW policy of its own. The principal comes from the client
 * certificate, so only mTLS requests match: pair this with `IstioStrictMtls`.
 */
export class IstioAuthorization extends Construct {
  /** The principal allowed: `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`. */
  public readonly principal: string;
  private readonly policyName: string;
  private readonly restrictPorts: boolean;
  private readonly policies = new Map<string, Set<string>>();

  constructor(scope: Construct, id: string, props: IstioAuthorizationProps) {
    checkConstructArgs('IstioAuthorization', scope, id, props, AUTHORIZATION_PROPS);
    super(scope, id);
    guardAgainstDuplicates(this);
    const mtls = props.istio;
    if (!isConstruct(mtls) || !(mtls instanceof IstioMtls)) {
      throw propError(this, 'istio', mtls, 'is not an IstioMtls', 'pass the IstioMtls whose Mappings Ambassador routes');
    }
    const trustDomain = props.trustDomain ?? 'cluster.local';
    if (!isDnsSubdomain(trustDomain)) {
      throw propError(this, 'trustDomain', props.trustDomain, 'is not a trust domain', 'give the mesh\'s meshConfig.trustDomain, for example "cluster.local"');
    }
    this.restrictPorts = props.restrictPorts === undefined ? true : checkBoolean(this, 'restrictPorts', props.restrictPorts);
    const namespace = this.ambassadorNamespaceOf(props, mtls);
    const serviceAccount = this.serviceAccountOf(props, mtls);
    this.principal = `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
    const name = `allow-${serviceAccount}.${namespace}`;
    this.policyName = name.length <= 253 ? name : `allow-ambassador-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;

    // The Mappings made before this construct, then those made after.
    for (const c of this.node.root.node.findAll()) {
      const mapping = c as { tls?: unknown; upstream?: MappingUse['upstream'] };
      if (mapping.tls === mtls.tlsContext && mapping.upstream) this.allow({ mapping: c, namespace: namespaceOf(c), upstream: mapping.upstream });
    }
    mtls.tlsContext._mappingListeners.push((use) => this.allow(use));
  }

  /** Adds the Mapping's destination namespace and port. */
  private allow(use: MappingUse): void {
    const namespace = this.destinationNamespace(use);
    if (this.restrictPorts && use.upstream.targetPortName !== undefined) {
      // Istio compares the port the pod receives on, which a named targetPort leaves to the pod.
      throw propError(use.mapping, 'service', use.upstream.host, `reaches its pods on the named port "${use.upstream.targetPortName}", whose number IstioAuthorization cannot know, `
        + 'and Istio allows by the port the pod receives on', 'give the Service a numeric targetPort, or set restrictPorts: false on the IstioAuthorization');
    }
    const port = use.upstream.targetPort ?? use.upstream.port;
    let ports = this.policies.get(namespace);
    if (!ports) {
      ports = new Set();
      this.policies.set(namespace, ports);
      const portsOf = ports;
      new istio.AuthorizationPolicy(this, namespace, {
        metadata: { name: this.policyName, namespace },
        spec: {
          action: istio.AuthorizationPolicySpecAction.ALLOW,
          rules: [{
            from: [{ source: { principals: [this.principal] } }],
            // Istio's schema types ports as strings.
            to: this.restrictPorts ? [{ operation: { ports: sortedPorts(portsOf) } }] : undefined,
          }],
        },
      });
    }
    if (port !== undefined) ports.add(String(port));
  }

  /**
   * The namespace of the Service a Mapping routes to: `name.namespace[.svc...]`, or a bare name
   * in the Mapping's own namespace, as Emissary resolves it.
   */
  private destinationNamespace(use: MappingUse): string {
    const host = use.upstream.host.replace(/\.$/, '');
    const labels = host.split('.');
    if (host.startsWith('[') || /^[\d.]+$/.test(host) || (labels.length > 2 && labels[2] !== 'svc')) {
      throw propError(use.mapping, 'service', host, 'is not a Kubernetes Service name, so IstioAuthorization cannot tell which namespace to let Ambassador into',
        'write the service as name.namespace:port');
    }
    const namespace = labels[1] ?? use.namespace ?? Chart.of(use.mapping).namespace;
    if (namespace === undefined) {
      throw propError(use.mapping, 'service', host, 'names no namespace, and neither the Mapping nor its chart has one', 'write the service as name.namespace:port');
    }
    return namespace;
  }

  private ambassadorNamespaceOf(props: IstioAuthorizationProps, mtls: IstioMtls): string {
    const wired = mtls._wiredDeployments.map((d) => apiObjectOf(d)?.metadata.namespace).find((ns) => ns !== undefined);
    const known = mtls.ambassadorNamespace ?? wired ?? mtls.install?.namespace;
    if (props.ambassadorNamespace !== undefined) {
      checkNamespace(this, 'ambassadorNamespace', props.ambassadorNamespace);
      if (known !== undefined && known !== props.ambassadorNamespace) {
        throw propError(this, 'ambassadorNamespace', props.ambassadorNamespace, `differs from the namespace ${mtls.node.path} says Ambassador runs in ("${known}")`,
          'leave ambassadorNamespace unset');
      }
      return props.ambassadorNamespace;
    }
    if (known === undefined) {
      throw propError(this, 'ambassadorNamespace', undefined, 'is unknown: the IstioMtls wires no Deployment and names no Ambassador namespace',
        'set ambassadorNamespace to the namespace Ambassador runs in, for example "emissary"');
    }
    return known;
  }

  private serviceAccountOf(props: IstioAuthorizationProps, mtls: IstioMtls): string {
    // The legacy istio.<account> secret carries that account's identity, whatever the pod runs as.
    const secretName = mtls.certificates.kind === 'mountedSecret' ? mtls.certificates.options.secretName : undefined;
    const fromSecret = secretName?.startsWith('istio.') ? secretName.slice('istio.'.length) : undefined;
    const deployment = mtls._wiredDeployments[0];
    const podSpec = deployment ? (apiObjectOf(deployment)?.toJson()?.spec?.template?.spec ?? {}) : undefined;
    const fromDeployment: string | undefined = podSpec ? podSpec.serviceAccountName ?? podSpec.serviceAccount ?? 'default' : undefined;
    const install = mtls.install;
    const known = fromSecret ?? fromDeployment ?? install?.serviceAccountName;
    const source = fromSecret ? `the ${secretName} secret` : fromDeployment ? 'the wired Deployment' : `the install target, ${install?.description}`;
    if (props.serviceAccount !== undefined) {
      checkObjectName(this, 'serviceAccount', props.serviceAccount);
      if (known !== undefined && known !== props.serviceAccount) {
        throw propError(this, 'serviceAccount', props.serviceAccount, `differs from the account whose certificate Ambassador presents ("${known}", ${source})`,
          fromSecret || fromDeployment ? 'leave serviceAccount unset' : 'leave serviceAccount unset, or declare the chart values that name the account (releaseName, nameOverride, fullnameOverride, serviceAccountName)');
      }
      return props.serviceAccount;
    }
    if (known === undefined) {
      throw propError(this, 'serviceAccount', undefined, install ? `is unknown: the IstioMtls wires no Deployment, and the install target (${install.description}) names no account`
        : 'is unknown: the IstioMtls wires no Deployment and declares no install target',
      install ? 'set serviceAccount to the account Ambassador\'s pods run as, or give serviceAccountName to AmbassadorInstall.userManaged()'
        : 'declare where Ambassador runs (AmbassadorInstall.use(chart, ...), whose chart naming rules give the account), or set serviceAccount to the account Ambassador\'s pods run as');
    }
    return known;
  }
}

/** The ports, as Istio's schema types them (strings), read at synth: Mappings added later count. */
function sortedPorts(ports: Set<string>): string[] {
  return Lazy.any({ produce: () => [...ports].sort((a, b) => Number(a) - Number(b)) }) as unknown as string[];
}
