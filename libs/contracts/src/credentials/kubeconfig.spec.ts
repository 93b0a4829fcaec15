import { decodeKubeconfig, KubeconfigError, kubeconfigContexts, readKubeconfig, refusedUserField } from './kubeconfig';

const KUBECONFIG = `apiVersion: v1
clusters: [{name: c1, cluster: {server: "https://h:6443"}}]
users:
- {name: u1, user: {token: t}}
- {name: u2, user: {auth-provider: {name: oidc}}}
- {name: u3, user: {client-key: /etc/key.pem}}
contexts:
- {name: one, context: {cluster: c1, user: u1, namespace: ns}}
- {name: two, context: {cluster: c1, user: u2}}
- {name: three, context: {cluster: c1, user: u3}}
- {context: {cluster: c1}}
current-context: one
`;

describe('kubeconfig reading', () => {
  it('reads contexts, names only, in order, raw or base64', () => {
    for (const text of [KUBECONFIG, Buffer.from(KUBECONFIG).toString('base64')]) {
      const document = readKubeconfig(text);
      expect(document.currentContext).toBe('one');
      expect(kubeconfigContexts(document)).toEqual([
        { name: 'one', cluster: 'c1', user: 'u1', namespace: 'ns' },
        { name: 'two', cluster: 'c1', user: 'u2', namespace: null },
        { name: 'three', cluster: 'c1', user: 'u3', namespace: null },
      ]);
    }
    expect(decodeKubeconfig(KUBECONFIG)).toBe(KUBECONFIG);
  });

  it('names the entry that would run a program or read a file', () => {
    const document = readKubeconfig(KUBECONFIG);
    expect(refusedUserField(document, 'u1')).toBeUndefined();
    expect(refusedUserField(document, 'u2')).toMatchObject({ field: 'auth-provider' });
    expect(refusedUserField(document, 'u3')).toMatchObject({ field: 'client-key' });
    expect(refusedUserField(document, 'nobody')).toBeUndefined();
  });

  it('refuses what is not a kubeconfig document', () => {
    expect(() => readKubeconfig('a: [')).toThrow(KubeconfigError);
    expect(() => readKubeconfig('just text')).toThrow('not a YAML or JSON document');
    expect(readKubeconfig('{}')).toEqual({ currentContext: undefined, contexts: [], users: [], clusters: [] });
  });
});
