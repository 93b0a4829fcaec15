import { nodeLimitExceeded } from './node-limit';

describe('nodeLimitExceeded', () => {
  it('lets a batch through up to the limit exactly', () => {
    expect(nodeLimitExceeded({ jobId: 'job-1', active: 900, activating: 100, limit: 1_000 })).toBeUndefined();
  });

  it('refuses a batch that would pass the limit, saying by how much', () => {
    expect(nodeLimitExceeded({ jobId: 'job-1', active: 1_000, activating: 250, limit: 1_000 })).toEqual({
      code: 'node_limit_exceeded',
      message:
        "job job-1 would hold 1,250 active nodes; the tenant's limit is 1,000 (250 over). Raise the tenant's max_nodes or reduce the discovery scope.",
    });
  });

  it('lets through a batch that activates nothing, even over a lowered limit', () => {
    expect(nodeLimitExceeded({ jobId: 'job-1', active: 5_000, activating: 0, limit: 1_000 })).toBeUndefined();
    expect(nodeLimitExceeded({ jobId: 'job-1', active: 0, activating: 1, limit: 0 })).toMatchObject({ code: 'node_limit_exceeded' });
  });
});
