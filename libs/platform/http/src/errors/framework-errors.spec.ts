import { clientErrorResponse } from './framework-errors';

describe('clientErrorResponse', () => {
  it('answers each error of Node\'s HTTP parser with the envelope and the status that fits', () => {
    expect(clientErrorResponse({ code: 'HPE_HEADER_OVERFLOW' })).toEqual({ status: 431, body: { error: expect.stringMatching(/larger than \d+ KB/), code: 'headers_too_large' } });
    expect(clientErrorResponse({ code: 'ERR_HTTP_REQUEST_TIMEOUT' })).toEqual({ status: 408, body: { error: 'The request was not received in time', code: 'request_timeout' } });
    for (const code of ['HPE_INVALID_METHOD', 'HPE_UNEXPECTED_CONTENT_LENGTH', 'HPE_INVALID_HEADER_TOKEN', undefined]) {
      expect(clientErrorResponse({ code })).toEqual({ status: 400, body: { error: 'The request is not well-formed HTTP', code: 'malformed_request' } });
    }
  });
});
