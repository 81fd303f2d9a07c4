import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { AmbassadorApiVersion, IstioCertificates, IstioMtls } from '../../src';

/**
 * The original Istio mTLS example (Istio before 1.5), in getambassador.io/v2: an Ambassador 1.14
 * Deployment of this app mounting the `istio.default` Secret read-only at /etc/istiocerts/, the
 * `istio-upstream` TLSContext loading the three PEM files from there, and a Mapping using it.
 */
export class IstioLegacyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    AmbassadorApiVersion.use(this, AmbassadorApiVersion.V2);

    const ambassador = new kplus.Deployment(this, 'Ambassador', {
      metadata: { name: 'ambassador' },
      restartPolicy: kplus.RestartPolicy.ALWAYS,
      // Ambassador watches the API server: it needs its token, and the RBAC of its install.
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'AmbassadorAccount', 'ambassador'),
      automountServiceAccountToken: true,
      containers: [{
        name: 'ambassador',
        image: 'docker.io/datawire/ambassador:1.14.4',
        portNumber: 8080,
        // Ambassador 1.x writes its Envoy configuration inside the image: the root filesystem
        // stays writable; everything else keeps cdk8s-plus's restricted defaults.
        securityContext: {
          user: 8888,
          group: 8888,
          readOnlyRootFilesystem: false,
          allowPrivilegeEscalation: false,
          capabilities: { drop: [kplus.Capability.ALL] }, // it listens on 8080: no capability needed
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
      }],
    });

    // Mounts istio.default at /etc/istiocerts/ into the Deployment's ambassador container.
    const istio = new IstioMtls(this, 'Istio', {
      certificates: IstioCertificates.mountedSecret(),
      ambassadorDeployment: ambassador,
    });

    istio.addMapping('ProductPage', {
      name: 'productpage-mapping',
      prefix: '/productpage/',
      rewrite: '/productpage',
      service: 'https://productpage:9080',
    });
  }
}

const app = new App();
new IstioLegacyChart(app, 'istio-legacy');
app.synth();
