import { connectorSecretOf, listOf, ManifestDocument, ManifestModel, objectOf, specOf, textOf } from './model';
import { ManifestRule } from './rule';

/** The workload kinds whose pod template mounts volumes. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/**
 * The namespaces in which the manifests make each Secret name: Secrets themselves, the Secrets
 * cert-manager writes for Certificates (`secretName`), Sealed Secrets and External Secrets make,
 * and the Secret a Consul connector writes.
 */
const secretNamespaces = (model: ManifestModel): Map<string, Set<string>> => {
  const made = new Map<string, Set<string>>();
  const add = (name: unknown, namespace: unknown) => {
    if (typeof name !== 'string' || typeof namespace !== 'string') return;
    made.set(name, (made.get(name) ?? new Set()).add(namespace));
  };
  for (const m of model.docs) {
    if (m.doc.kind === 'Secret' && m.doc.apiVersion === 'v1') add(m.doc.metadata?.name, m.doc.metadata?.namespace);
    if (m.doc.kind === 'Certificate' && textOf(m.doc.apiVersion).startsWith('cert-manager.io/')) add(specOf(m).secretName, m.doc.metadata?.namespace);
  }
  // The Secret controllers GitOps repositories use beside plain Secrets make theirs in their own
  // namespace: Sealed Secrets under the SealedSecret's name (or its template's), External Secrets
  // under spec.target.name, defaulting to the ExternalSecret's name.
  for (const m of model.docs) {
    const group = textOf(m.doc.apiVersion).split('/')[0];
    if (m.doc.kind === 'SealedSecret' && group === 'bitnami.com') add(objectOf(objectOf(specOf(m).template).metadata).name ?? m.doc.metadata?.name, m.doc.metadata?.namespace);
    if (m.doc.kind === 'ExternalSecret' && group === 'external-secrets.io') add(objectOf(specOf(m).target).name ?? m.doc.metadata?.name, m.doc.metadata?.namespace);
  }
  for (const c of model.connectors) {
    const { name, namespace } = connectorSecretOf(c);
    add(name, namespace);
  }
  return made;
};

/** The rules about the pods of the manifests (issue 19): what the kubelet cannot mount. */
export const POD_RULES: ManifestRule[] = [
  {
    id: 'pod-secret-namespace',
    summary: 'a pod mounts a Secret (not optional) that the manifests make in its own namespace, not only in others (the kubelet mounts Secrets of the pod\'s namespace only)',
    severity: 'error',
    check: (model, report) => {
      // A secret volume names a Secret of the pod's own namespace: the API has no namespace field
      // for it (core/v1 SecretVolumeSource), so the kubelet reports FailedMount and the pod never
      // starts. Told only when the manifests show the Secret made elsewhere and not there.
      const made = secretNamespaces(model);
      const workloads: ManifestDocument[] = model.docs.filter((m) => WORKLOAD_KINDS.includes(m.doc.kind) && m.doc.apiVersion === 'apps/v1');
      for (const w of workloads) {
        const namespace = w.doc.metadata?.namespace;
        if (typeof namespace !== 'string') continue;
        listOf(objectOf(objectOf(specOf(w).template).spec).volumes).map(objectOf).forEach((volume, i) => {
          const secret = objectOf(volume.secret);
          const where = typeof secret.secretName === 'string' ? made.get(secret.secretName) : undefined;
          if (secret.optional === true || where === undefined || where.has(namespace)) return;
          report(w, `volume "${volume.name}" mounts Secret "${secret.secretName}", which the manifests make only in namespace ${[...where].sort().join(', ')}, `
            + `but a pod mounts Secrets of its own namespace ("${namespace}") only: the pod would never start (FailedMount)`,
          `make the Secret in namespace ${namespace} too (or run the pod where the Secret is)`, { at: ['spec', 'template', 'spec', 'volumes', i, 'secret', 'secretName'] });
        });
      }
    },
  },
];
