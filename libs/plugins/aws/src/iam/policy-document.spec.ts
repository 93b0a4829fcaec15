import { grantsFullAdmin } from './policy-document';

const encoded = (policy: unknown) => encodeURIComponent(JSON.stringify(policy));

describe('grantsFullAdmin', () => {
  it('finds a statement that allows every action on every resource', () => {
    expect(grantsFullAdmin(encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }))).toBe(true);
    expect(grantsFullAdmin(encoded({ Statement: { Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: ['*'] } }))).toBe(true);
  });

  it('does not count a service wildcard, one resource, or a denial', () => {
    expect(grantsFullAdmin(encoded({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }))).toBe(false);
    expect(grantsFullAdmin(encoded({ Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::logs/*' }] }))).toBe(false);
    expect(grantsFullAdmin(encoded({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }))).toBe(false);
    expect(grantsFullAdmin(encoded({ Statement: [] }))).toBe(false);
  });

  it('knows nothing of a document it cannot read', () => {
    expect(grantsFullAdmin('%7Bnot json')).toBeUndefined();
    expect(grantsFullAdmin(undefined)).toBeUndefined();
    expect(grantsFullAdmin(encodeURIComponent('null'))).toBeUndefined();
  });
});
