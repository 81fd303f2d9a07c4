import { IstioStrictMtls } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

describe('IstioStrictMtls', () => {
  test('one PeerAuthentication "default" with mtls STRICT per namespace, schema-valid against Istio\'s CRD', () => {
    const chart = testChart('emissary');
    new IstioStrictMtls(chart, 'Strict', { namespaces: ['bookinfo', 'shop'] });
    const docs = synthValid(chart);
    expect(docs).toMatchSnapshot();
    expect(docs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).toEqual([
      'PeerAuthentication/bookinfo/default', 'PeerAuthentication/shop/default',
    ]);
    for (const namespace of ['bookinfo', 'shop']) {
      expect(findObject(docs, 'PeerAuthentication', 'default', namespace).spec).toEqual({ mtls: { mode: 'STRICT' } });
    }
  });

  test.each<[string, string[], RegExp]>([
    ['no namespace', [], /test\/Strict: namespaces \[\] names no namespace\. Fix: list the namespaces/],
    ['a namespace twice', ['bookinfo', 'bookinfo'], /namespaces "bookinfo" is listed twice/],
    ['an invalid namespace', ['Book_Info'], /test\/Strict: namespaces "Book_Info" is not a valid namespace name/],
  ])('rejects %s', (_, namespaces, message) => {
    expect(() => new IstioStrictMtls(testChart(), 'Strict', { namespaces })).toThrow(message);
  });
});
