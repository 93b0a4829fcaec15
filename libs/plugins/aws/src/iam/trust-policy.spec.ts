import { trustedPrincipals } from './trust-policy';

const encoded = (policy: unknown) => encodeURIComponent(JSON.stringify(policy));

describe('trustedPrincipals', () => {
  it('reads services, accounts and identity providers from a URL-encoded trust policy', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com', 'edgelambda.amazonaws.com'] }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' },
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      ],
    };
    expect(trustedPrincipals(encoded(policy))).toEqual({
      services: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'],
      aws: ['arn:aws:iam::210987654321:root'],
      federated: ['arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'],
    });
  });

  it('says so when anyone may assume the role', () => {
    expect(trustedPrincipals(encoded({ Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' } })).aws).toEqual(['*']);
  });

  it('yields no principals for a document it cannot read', () => {
    expect(trustedPrincipals('%7Bnot json')).toEqual({ services: [], aws: [], federated: [] });
    expect(trustedPrincipals(undefined)).toEqual({ services: [], aws: [], federated: [] });
  });
});
