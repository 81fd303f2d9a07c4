/**
 * The names the emissary-ingress chart gives what it installs, as its templates compute them
 * (charts/emissary-ingress/templates/_helpers.tpl, identical at v3.9.1 and v3.10.0, and in the
 * subchart the edge-stack chart 8.10.2 installs): `ambassador.fullname` names the Deployment,
 * the Services and, unless `serviceAccount.name` says otherwise, the ServiceAccount.
 */

/** What the naming helpers read from the values. */
export interface ChartNamingValues {
  /** `.Release.Name`. */
  readonly releaseName: string;
  /** `.Chart.Name` of the chart whose templates run: `emissary-ingress` (also as Edge Stack's subchart). */
  readonly chartName: string;
  /** `nameOverride` (Edge Stack sets `emissary-ingress.nameOverride: edge-stack`). */
  readonly nameOverride?: string;
  /** `fullnameOverride`. */
  readonly fullnameOverride?: string;
}

/** Helm's `trunc 63 | trimSuffix "-"`: Kubernetes names are at most 63 characters. */
function trunc63(name: string): string {
  const cut = name.slice(0, 63);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/**
 * `ambassador.fullname`: `fullnameOverride` if set; else the release name when it contains the
 * chart's name (`nameOverride`, else the chart name) or "ambassador"; else
 * `<release>-<name>`.
 */
export function chartFullname(values: ChartNamingValues): string {
  if (values.fullnameOverride) return trunc63(values.fullnameOverride);
  const name = values.nameOverride || values.chartName;
  if (values.releaseName.includes(name) || values.releaseName.includes('ambassador')) return trunc63(values.releaseName);
  return trunc63(`${values.releaseName}-${name}`);
}

/**
 * `ambassador.serviceAccountName`: with `serviceAccount.create` (the default), `serviceAccount.name`
 * or else the fullname; without it, `serviceAccount.name` or else `default`.
 */
export function chartServiceAccountName(values: ChartNamingValues, create: boolean, name: string | undefined): string {
  if (create) return name || chartFullname(values);
  return name || 'default';
}
