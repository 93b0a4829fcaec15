import { nodeDocument, type StoredNode } from '@strata/inventory-feature';
import { observeNode, removeNode } from '@strata/inventory-domain';
import type { ResourceNode } from '@strata/contracts';
import { hasTag, planNodeList, type NodeFilters } from './node-list-plan';

const NOW = '2026-11-22T10:00:00.000Z';
function stored(resource: Partial<ResourceNode> & { id: string }, removed = false): StoredNode {
  const node: ResourceNode = { type: 'aws.ec2.instance', provider: 'aws', name: resource.id, tags: {}, attributes: {}, ...resource };
  const record = { ...observeNode(undefined, node, { jobId: 'job-1', scope: 'aws:1', at: NOW }).record, updated_in_job: null };
  return nodeDocument(removed ? { ...record, ...removeNode(record, { jobId: 'job-2', at: NOW }) } : record);
}
const active = (filters: Omit<NodeFilters, 'status'>): NodeFilters => ({ status: 'active', ...filters });

describe('planNodeList', () => {
  it('drives by the status index alone when nothing else is asked, with nothing left to check', () => {
    const plan = planNodeList(active({}));
    expect(plan).toMatchObject({ driver: 'status', where: { status: 'active' }, sort: {} });
    expect(plan.matches).toBeUndefined();
  });

  it('drives by type (one or several), with the status inside the key, sorted by type', () => {
    expect(planNodeList(active({ types: ['aws.s3.bucket'] }))).toMatchObject({ driver: 'type', where: { status_type: 'active|aws.s3.bucket' }, sort: { field: 'status_type' } });
    const several = planNodeList({ status: 'removed', types: ['a.b.c', 'a.b.d', 'a.b.c'] });
    expect(several.where).toEqual({ status_type: { $in: ['removed|a.b.c', 'removed|a.b.d'] } });
    expect(several.matches).toBeUndefined();
  });

  it('reads a provider as the range of its types, and checks the provider itself too', () => {
    const plan = planNodeList(active({ provider: 'aws' }));
    expect(plan).toMatchObject({ driver: 'provider', where: { status_type: { $gte: 'active|aws.', $lt: 'active|aws/' } } });
    expect(plan.matches?.(stored({ id: 'x', provider: 'aws' }))).toBe(true);
    expect(plan.matches?.(stored({ id: 'y', provider: 'awsgov', type: 'aws.ec2.instance' }))).toBe(false);
  });

  it('prefers type over account, region, job and name, and checks those on each node', () => {
    const plan = planNodeList(active({ types: ['aws.ec2.instance'], account: '1', region: 'eu', lastSeenJob: 'job-1', namePrefix: 'web', tags: ['env:prod'] }));
    expect(plan.driver).toBe('type');
    const fits = { id: 'web-1', account: '1', region: 'eu', tags: { env: 'prod' } };
    expect(plan.matches?.(stored(fits))).toBe(true);
    for (const misfit of [{ account: '2' }, { region: 'us' }, { id: 'db-1' }, { tags: { env: 'dev' } }]) {
      expect(plan.matches?.(stored({ ...fits, ...misfit }))).toBe(false);
    }
  });

  it('falls back from account to region and name prefix in that order; the last job is checked per node', () => {
    expect(planNodeList(active({ account: '1', region: 'eu', namePrefix: 'w' }))).toMatchObject({ driver: 'account', where: { status_account: 'active|1' } });
    expect(planNodeList(active({ region: 'eu', lastSeenJob: 'job-1' }))).toMatchObject({ driver: 'region', where: { status_region: 'active|eu' } });
    expect(planNodeList(active({ lastSeenJob: 'job-1', namePrefix: 'w' }))).toMatchObject({ driver: 'name_prefix', where: { status_name: { $gte: 'active|w', $lt: 'active|x' } } });
    expect(planNodeList(active({ lastSeenJob: 'job-1' }))).toMatchObject({ driver: 'status', where: { status: 'active' } });
    const byName = planNodeList(active({ namePrefix: 'web-' }));
    expect(byName).toMatchObject({ driver: 'name_prefix', where: { status_name: { $gte: 'active|web-', $lt: 'active|web.' } }, sort: { field: 'status_name' } });
    expect(byName.matches).toBeUndefined();
  });

  it('checks the last job per node (sightings are not in the nodes\' documents) over the status index', () => {
    const plan = planNodeList(active({ lastSeenJob: 'job-1' }));
    expect(plan.matches?.(stored({ id: 'a' }))).toBe(true);
    expect(plan.matches?.({ ...stored({ id: 'a' }), last_seen_job: 'job-2' })).toBe(false);
  });
});

describe('hasTag', () => {
  it('matches key and value joined by ":", whichever ":" separates them', () => {
    const node = { tags: { env: 'prod', 'aws:cloudformation:stack-name': 'web:blue' } };
    expect(hasTag(node, 'env:prod')).toBe(true);
    expect(hasTag(node, 'aws:cloudformation:stack-name:web:blue')).toBe(true);
    expect(hasTag(node, 'env:dev')).toBe(false);
    expect(hasTag(node, 'env')).toBe(false);
  });
});
