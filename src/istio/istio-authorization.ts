import { createHash } from 'crypto';
import { Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioMtls } from './istio-mtls';
import { checkWorkloads, IstioWorkload, selectorOfService } from './istio-workload';
import * as istio from '../../imports/security.istio.io-v1beta1';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { propError } from '../core/errors';
import { apiObjectOf, IKubeObject, isConstruct, namespaceOf } from '../core/kube-object';
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
   * Allow Ambassador only on the ports its Mappings use, as the pods receive them: the Service's
   * numeric `targetPort` when the Mapping was given the Service object, else the port given in
   * `workloads` (Istio compares the port the pod receives on, not the Service port).
   * @default true
   */
  readonly restrictPorts?: boolean;
  /**
   * The pods behind the Services that Mappings name by a string, keyed `name.namespace`: their
   * labels (each policy selects those pods only) and the ports they receive on. A Mapping given
   * the Service object needs none (its `spec.selector` and numeric `targetPort` are read), unless
   * the Service has no selector or a named `targetPort`.
   * @default - none: every Mapping through `istio` must be given its Service object
   */
  readonly workloads?: Record<string, IstioWorkload>;
  /**
   * Istio's root namespace (`meshConfig.rootNamespace`), where a policy applies to the pods its
   * selector matches in every namespace of the mesh.
   * @default "istio-system"
   */
  readonly meshRootNamespace?: string;
  /**
   * Write policies into `meshRootNamespace` for Services there (Kiali, Grafana, tracing): each
   * then applies to every pod of the mesh with the Service's labels, in any namespace, and cuts
   * off those pods' other callers.
   * @default false: a Mapping to a Service in the root namespace is an error
   */
  readonly allowMeshRootNamespace?: boolean;
}

const AUTHORIZATION_PROPS = propKeys<IstioAuthorizationProps>()('istio', 'serviceAccount', 'ambassadorNamespace', 'trustDomain', 'restrictPorts', 'workloads',
  'meshRootNamespace', 'allowMeshRootNamespace');

/** One policy: the pods of one Service, and the ports Ambassador may reach them on. */
interface ServicePolicy {
  /** `name.namespace` of the Service. */
  readonly service: string;
  readonly ports: Set<string>;
  /** The Service object a Mapping was given, if any: its selector is read at synth. */
  serviceObject?: IKubeObject;
  readonly given?: IstioWorkload;
}

/**
 * Lets Ambassador's mesh identity into the workloads its `IstioMtls` Mappings route to: one Istio
 * `AuthorizationPolicy` (ALLOW) per Service, in the Service's namespace, selecting that Service's
 * pods (`selector.matchLabels`: the Service object's `spec.selector`, or `workloads`) and
 * allowing the principal `<trustDomain>/ns/<namespace>/sa/<serviceAccount>` on the ports those
 * pods receive the Mappings' requests on, kept in step as Mappings are added.
 *
 * Which callers each policy cuts off: once an ALLOW policy selects a pod, Istio denies that pod
 * every request no ALLOW policy matches (istio.io, authorization-policy reference, "deny by
 * default"). So every other caller of the selected pods (other meshed services, callers without
 * mTLS, a metrics scraper going through the sidecar) is refused on every port, unless an ALLOW
 * policy of its own admits it; the other workloads of the namespace are not touched. The
 * principal comes from the client certificate, so only mTLS requests match: pair this with
 * `IstioStrictMtls`. A Service in Istio's root namespace is refused unless
 * `allowMeshRootNamespace` says so: there a policy's selector matches pods in every namespace.
 */
export class IstioAuthorization extends Construct {
  /** The principal allowed: `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`. */
  public readonly principal: string;
  private readonly policyPrefix: string;
  private readonly restrictPorts: boolean;
  private readonly workloads: ReadonlyMap<string, IstioWorkload>;
  private readonly meshRootNamespace: string;
  private readonly allowMeshRootNamespace: boolean;
  private readonly policies = new Map<string, ServicePolicy>();

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
    this.workloads = checkWorkloads(this, props.workloads);
    this.meshRootNamespace = props.meshRootNamespace === undefined ? 'istio-system' : checkNamespace(this, 'meshRootNamespace', props.meshRootNamespace);
    this.allowMeshRootNamespace = props.allowMeshRootNamespace === undefined ? false : checkBoolean(this, 'allowMeshRootNamespace', props.allowMeshRootNamespace);
    const namespace = this.ambassadorNamespaceOf(props, mtls);
    const serviceAccount = this.serviceAccountOf(props, mtls);
    this.principal = `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
    this.policyPrefix = `allow-${serviceAccount}.${namespace}`;
    this.node.addValidation({ validate: () => [...this.policies.values()].flatMap((p) => this.selectorProblems(p)) });

    // The Mappings made before this construct, then those made after.
    for (const c of this.node.root.node.findAll()) {
      const mapping = c as { tls?: unknown; upstream?: MappingUse['upstream']; _serviceObject?: IKubeObject };
      if (mapping.tls === mtls.tlsContext && mapping.upstream) {
        this.allow({ mapping: c, namespace: namespaceOf(c), upstream: mapping.upstream, service: mapping._serviceObject });
      }
    }
    mtls.tlsContext._mappingListeners.push((use) => this.allow(use));
  }

  /** Adds the Mapping's Service and pod port. */
  private allow(use: MappingUse): void {
    const { name, namespace } = this.destinationOf(use);
    const service = `${name}.${namespace}`;
    const given = this.workloads.get(service);
    if (use.service === undefined && given === undefined) {
      // Without a selector an ALLOW policy applies to every workload of its namespace, cutting off all their other callers.
      throw propError(use.mapping, 'service', use.upstream.host, 'is a name, so IstioAuthorization cannot tell which pods it reaches: a policy without a selector '
        + `would apply to every workload of namespace "${namespace}" and refuse all their other callers`,
      `give the Mapping the Service object, or give the IstioAuthorization workloads: { "${service}": { selector: { app: "${name}" }, targetPorts: { ${use.upstream.port ?? 80}: <the port its pods receive on> } } }`);
    }
    const port = this.restrictPorts ? this.podPortOf(use, service, given) : undefined;
    let policy = this.policies.get(service);
    if (!policy) {
      policy = { service, ports: new Set(), given };
      this.policies.set(service, policy);
      this.addPolicy(policy, name, namespace);
    }
    policy.serviceObject = policy.serviceObject ?? use.service;
    if (port !== undefined) policy.ports.add(String(port));
  }

  private addPolicy(policy: ServicePolicy, serviceName: string, namespace: string): void {
    const name = `${this.policyPrefix}-to-${serviceName}`;
    new istio.AuthorizationPolicy(this, policy.service, {
      metadata: { name: name.length <= 253 ? name : `allow-ambassador-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`, namespace },
      spec: {
        // Read at synth: a cdk8s-plus Service may select its pods after the Mapping is made.
        selector: { matchLabels: Lazy.any({ produce: () => this.selectorOf(policy) }) as unknown as Record<string, string> },
        action: istio.AuthorizationPolicySpecAction.ALLOW,
        rules: [{
          from: [{ source: { principals: [this.principal] } }],
          // Istio's schema types ports as strings.
          to: this.restrictPorts ? [{ operation: { ports: sortedPorts(policy.ports) } }] : undefined,
        }],
      },
    });
  }

  /**
   * The port the pods receive the Mapping's requests on, as Istio compares it (istio/api#3075:
   * `ports` in an AuthorizationPolicy are the workload's, not the Service's): the Service object's
   * numeric targetPort, else the one `workloads` gives for the Service port.
   */
  private podPortOf(use: MappingUse, service: string, given: IstioWorkload | undefined): number {
    if (use.service !== undefined && use.upstream.targetPort !== undefined) return use.upstream.targetPort;
    const servicePort = use.upstream.port;
    const fromWorkload = servicePort === undefined ? undefined : (given?.targetPorts as Record<string, number> | undefined)?.[String(servicePort)];
    if (fromWorkload !== undefined) return fromWorkload;
    const why = use.upstream.targetPortName !== undefined
      ? `reaches its pods on the named port "${use.upstream.targetPortName}", whose number IstioAuthorization cannot know`
      : `names Service port ${servicePort}, but not the port its pods receive on (its targetPort)`;
    throw propError(use.mapping, 'service', use.upstream.host, `${why}, and Istio allows by the port the pod receives on`,
      `give the IstioAuthorization workloads: { "${service}": { ...${given ? '' : ' selector: { app: ... },'} targetPorts: { ${servicePort}: <pod port> } } }, `
      + `${use.upstream.targetPortName !== undefined ? 'give the Service a numeric targetPort, ' : 'pass the Service object, '}or set restrictPorts: false on the IstioAuthorization`);
  }

  /** The labels a policy selects: the Service object's selector, else the workload's. */
  private selectorOf(policy: ServicePolicy): Record<string, string> {
    const fromService = policy.serviceObject ? selectorOfService(policy.serviceObject) : {};
    return Object.keys(fromService).length > 0 ? fromService : { ...policy.given?.selector };
  }

  /** At synth: a Service object that selects no pods needs `workloads`; one that does must agree with it. */
  private selectorProblems(policy: ServicePolicy): string[] {
    if (!policy.serviceObject) return [];
    const fromService = selectorOfService(policy.serviceObject);
    const given = policy.given?.selector;
    if (Object.keys(fromService).length === 0 && given === undefined) {
      return [`${this.node.path}: Service ${policy.serviceObject.node.path} ("${policy.service}") selects no pods (it has no spec.selector), so the policy for it would apply to every workload `
        + `of its namespace. Fix: select its pods (service.select(...)), or give workloads: { "${policy.service}": { selector: { ... } } }`];
    }
    const differ = JSON.stringify(sortedLabels(given ?? {})) !== JSON.stringify(sortedLabels(fromService));
    if (given !== undefined && Object.keys(fromService).length > 0 && differ) {
      return [`${this.node.path}: workloads["${policy.service}"].selector ${JSON.stringify(given)} differs from the selector of Service ${policy.serviceObject.node.path} `
        + `(${JSON.stringify(fromService)}). Fix: leave the selector out of workloads (it is read from the Service), or make them agree`];
    }
    return [];
  }

  /**
   * The Service a Mapping routes to, `name.namespace[.svc...]` or a bare name in the Mapping's
   * own namespace, as Emissary resolves it; refused in Istio's root namespace unless allowed.
   */
  private destinationOf(use: MappingUse): { name: string; namespace: string } {
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
    if (namespace === this.meshRootNamespace && !this.allowMeshRootNamespace) {
      // meshConfig.rootNamespace: "a policy in the root namespace applies to all namespaces" and its
      // selector matches workloads in every one (istio.io, authorization-policy reference).
      throw propError(use.mapping, 'service', host, `is in Istio's root namespace "${namespace}", where an AuthorizationPolicy selects matching pods in every namespace of the mesh, `
        + 'cutting off their other callers mesh-wide',
      `route to it with a Mapping that does not use ${this.node.path}'s IstioMtls context, or set allowMeshRootNamespace: true on the IstioAuthorization if its labels match no other pod of the mesh`);
    }
    return { name: labels[0], namespace };
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

/** Labels in key order, to compare two selectors. */
function sortedLabels(labels: Record<string, string>): Array<[string, string]> {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The ports, as Istio's schema types them (strings), read at synth: Mappings added later count. */
function sortedPorts(ports: Set<string>): string[] {
  return Lazy.any({ produce: () => [...ports].sort((a, b) => Number(a) - Number(b)) }) as unknown as string[];
}
