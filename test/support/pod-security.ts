/**
 * Checks a Pod template against the Pod Security Standards "restricted" profile (the parts a
 * manifest decides: https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */
type Json = Record<string, any>;

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The Pod spec of a workload document, or undefined for kinds without one. */
export function podSpecOf(doc: Json): Json | undefined {
  if (doc.kind === 'Pod') return doc.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(doc.kind)) return doc.spec?.template?.spec;
  if (doc.kind === 'CronJob') return doc.spec?.jobTemplate?.spec?.template?.spec;
  return undefined;
}

/** Every violation of the restricted profile in `pod`, as readable lines. */
export function restrictedViolations(pod: Json): string[] {
  const problems: string[] = [];
  const podSc = pod.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod[field] === true) problems.push(`${field}: true`);
  }
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (!type || !ALLOWED_VOLUMES.includes(type)) problems.push(`volume ${volume.name} is of type ${type}`);
  }
  const podSeccomp = podSc.seccompProfile?.type;
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged === true) problems.push(`${where}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) problems.push(`${where}: runAsUser 0`);
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${where}: seccompProfile is ${seccomp ?? 'unset'}`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
    const add: string[] = sc.capabilities?.add ?? [];
    if (add.some((cap) => cap !== 'NET_BIND_SERVICE')) problems.push(`${where}: adds capabilities ${add.join(', ')}`);
    for (const port of c.ports ?? []) {
      if (port.hostPort) problems.push(`${where}: hostPort ${port.hostPort}`);
    }
  }
  return problems;
}

const KEY_MATERIAL = /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/;

/** Every place in `doc` that holds key, certificate or token material inline. */
export function inlineSecretMaterial(doc: Json): string[] {
  const found: string[] = [];
  if (doc.kind === 'Secret' && (doc.data || doc.stringData)) found.push(`Secret ${doc.metadata?.name} carries data inline`);
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (KEY_MATERIAL.test(value)) found.push(`${path} holds PEM material`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
      const obj = value as Json;
      if (typeof obj.name === 'string' && /TOKEN|PASSWORD|SECRET_KEY|PRIVATE_KEY/i.test(obj.name) && typeof obj.value === 'string') {
        found.push(`${path} sets ${obj.name} to a literal value`);
      }
      for (const [k, v] of Object.entries(obj)) walk(v, `${path}.${k}`);
    }
  };
  walk(doc, `${doc.kind}/${doc.metadata?.name}`);
  return found;
}
