import { restError, toolResultOf } from './tool-result';

describe('tool results from REST answers', () => {
  it('passes a success through unchanged, as text and structured content', () => {
    const body = { id: 'job-1', status: 'running' };
    expect(toolResultOf({ status: 200, body })).toEqual({ content: [{ type: 'text', text: JSON.stringify(body, null, 2) }], structuredContent: body });
    expect(toolResultOf({ status: 201, body: [1, 2] }).structuredContent).toEqual({ result: [1, 2] });
  });

  it('says which permission a 403 lacks, what a 404 did not find, and each invalid field', () => {
    expect(restError({ status: 403, body: { error: 'This token lacks the permission jobs:create', code: 'forbidden' } })).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Permission denied: This token lacks the permission jobs:create (forbidden)' }],
      structuredContent: { error: 'Permission denied: This token lacks the permission jobs:create (forbidden)', status: 403, code: 'forbidden' },
    });
    expect(restError({ status: 404, body: { error: 'job job-9 not found', code: 'job_not_found' } }).content).toEqual([{ type: 'text', text: 'Not found: job job-9 not found (job_not_found)' }]);
    const invalid = restError({ status: 400, body: { error: 'Invalid request body', code: 'validation_error', details: [{ path: 'currency', message: 'unknown' }] } });
    expect(invalid.content).toEqual([{ type: 'text', text: 'Invalid input: Invalid request body (validation_error)\n- currency: unknown' }]);
    expect(invalid.structuredContent).toMatchObject({ details: [{ path: 'currency', message: 'unknown' }] });
  });

  it('still says something useful for an answer without the envelope', () => {
    expect(toolResultOf({ status: 502, body: 'Bad Gateway' })).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Failed (HTTP 502): HTTP 502 (http_502)' }] });
  });
});
