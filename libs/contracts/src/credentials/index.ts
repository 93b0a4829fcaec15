export * from './credentials';
export * from './kubeconfig';
