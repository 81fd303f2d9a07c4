import * as path from 'path';
import { listOf, ManifestDocument, ManifestModel, objectOf, specOf, textOf } from './model';
import { ManifestRule } from './rule';
import { certificateSpecProblems } from '../../core/cert-manager-limits';

const certificates = (model: ManifestModel): ManifestDocument[] => model.docs.filter((m) => m.doc.kind === 'Certificate' && textOf(m.doc.apiVersion).startsWith('cert-manager.io/'));

/** The issuer a Certificate names, when the manifests hold it: a ClusterIssuer, or an Issuer of its namespace. */
const issuerOf = (model: ManifestModel, certificate: ManifestDocument): ManifestDocument | undefined => {
  const ref = objectOf(specOf(certificate).issuerRef);
  const kind = ref.kind ?? 'Issuer';
  return model.docs.find((m) => m.doc.kind === kind && textOf(m.doc.apiVersion).startsWith('cert-manager.io/') && m.doc.metadata?.name === ref.name
    && (kind === 'ClusterIssuer' || m.doc.metadata?.namespace === certificate.doc.metadata?.namespace));
};

/** The Secret whose key `file` is, through a Secret volume mounted into an Ambassador container: `{ secret, key, namespace }`. */
const secretFileOf = (model: ManifestModel, file: string): Array<{ secret: string; key: string; namespace?: string }> => {
  const normalised = path.posix.normalize(file);
  return model.ambassadorDeployments.flatMap((d) => {
    const volumes = listOf(d.doc.spec?.template?.spec?.volumes).map(objectOf);
    return d.containers.flatMap((c) => listOf(c.volumeMounts).map(objectOf).flatMap((mount) => {
      const dir = path.posix.normalize(`${mount.mountPath}/`);
      const volume = volumes.find((v) => v.name === mount.name);
      const secret = objectOf(volume?.secret);
      if (typeof secret.secretName !== 'string' || !normalised.startsWith(dir)) return [];
      const relative = normalised.slice(dir.length);
      const item = listOf(secret.items).map(objectOf).find((i) => i.path === relative);
      const key = item ? item.key : listOf(secret.items).length === 0 ? relative : undefined;
      if (key === undefined) return [];
      return [{ secret: secret.secretName as string, key: textOf(key), namespace: d.doc.metadata?.namespace as string | undefined }];
    }));
  });
};

/** What an issuer writes to ca.crt that trusts no upstream, by the key of its spec. */
const EMPTY_CA: Record<string, string> = {
  selfSigned: 'a SelfSigned issuer, which writes each certificate as its own CA: Ambassador would trust only its own client certificate',
  acme: 'an ACME issuer, which writes no ca.crt: the file stays missing and Emissary refuses the TLSContext',
};

/** The rules about cert-manager's Certificates (cert-manager.io): what its webhook refuses, and a ca.crt that verifies nothing (issue 19). */
export const CERT_MANAGER_RULES: ManifestRule[] = [
  {
    id: 'certificate-webhook',
    summary: 'a Certificate\'s key size and lifetime are ones cert-manager\'s webhook takes (RSA 2048-8192, ECDSA 256/384/521, duration 1h to Go\'s largest, renewBefore 5m and below duration)',
    severity: 'error',
    check: (model, report) => {
      for (const m of certificates(model)) {
        for (const problem of certificateSpecProblems(specOf(m))) report(m, `${problem.field.slice(1).join('.')} ${problem.message}`, problem.fix, { at: problem.field });
      }
    },
  },
  {
    id: 'certificate-issuer-ca',
    summary: 'a TLSContext that verifies upstreams with the ca.crt of a cert-manager Certificate mounted into Ambassador\'s pod has an issuer that writes a CA there (not SelfSigned, not ACME)',
    severity: 'error',
    check: (model, report) => {
      const all = certificates(model);
      for (const c of model.contexts) {
        const file = specOf(c).cacert_chain_file;
        if (typeof file !== 'string') continue;
        for (const { secret, key, namespace } of secretFileOf(model, file)) {
          if (key !== 'ca.crt') continue;
          const certificate = all.find((m) => specOf(m).secretName === secret
            && (namespace === undefined || m.doc.metadata?.namespace === namespace));
          const issuer = certificate && issuerOf(model, certificate);
          const type = Object.keys(EMPTY_CA).find((t) => objectOf(issuer?.doc.spec)[t] !== undefined);
          if (!issuer || type === undefined) continue;
          report(c, `cacert_chain_file ${file} is the ca.crt of Certificate ${certificate!.doc.metadata?.name}, signed by ${issuer.doc.kind} ${issuer.doc.metadata?.name}, ${EMPTY_CA[type]}`,
            'verify the upstreams with the CA that signs them: a Secret holding it as ca_secret, or a CA issuer\'s ca.crt', { at: ['spec', 'cacert_chain_file'] });
        }
      }
    },
  },
];

