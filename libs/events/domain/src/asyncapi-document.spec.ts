import { Parser } from '@asyncapi/parser';
import { EVENT_CATALOG } from '@strata/contracts';
import { buildAsyncApiDocument, eventDataJsonSchema } from './asyncapi-document';

describe('AsyncAPI document', () => {
  const document = buildAsyncApiDocument({ version: '1.2.3' });

  it('is a valid AsyncAPI 3.0 document: @asyncapi/parser reports no errors', async () => {
    const parser = new Parser();
    const diagnostics = await parser.validate(JSON.stringify(document));
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
    const { document: parsed } = await parser.parse(JSON.stringify(document));
    expect(parsed?.version()).toBe('3.0.0');
    expect(parsed?.channels().length).toBe(EVENT_CATALOG.length);
    expect(parsed?.messages().length).toBe(EVENT_CATALOG.length);
  });

  it('has one channel per catalogued type at its subject, with the tenant as a parameter', () => {
    const channels = document['channels'] as Record<string, { address: string; parameters: Record<string, unknown>; messages: Record<string, unknown> }>;
    expect(Object.keys(channels)).toEqual(EVENT_CATALOG.map((event) => event.type));
    expect(channels['job.JobCompleted']).toMatchObject({ address: 'events.{tenant}.job.JobCompleted', parameters: { tenant: expect.any(Object) } });
    expect(Object.keys(channels['finding.FindingOpened']!.messages)).toEqual(['FindingOpened']);
  });

  it('describes each message as the envelope with its type and version pinned and its data schema', () => {
    const messages = (document['components'] as { messages: Record<string, { payload: { required: string[]; properties: Record<string, unknown> } }> }).messages;
    for (const event of EVENT_CATALOG) {
      const { payload } = messages[event.type]!;
      expect(payload.required).toEqual(expect.arrayContaining(['id', 'type', 'tenant_id', 'time', 'version', 'data']));
      expect(payload.properties['type']).toMatchObject({ const: event.type });
      expect(payload.properties['version']).toMatchObject({ const: event.version });
      expect(payload.properties['data']).toEqual(eventDataJsonSchema(event));
    }
    const disabled = messages['webhook.WebhookDisabled']!.payload.properties['data'] as { required: string[] };
    expect(disabled.required).toEqual(['webhookId', 'reason', 'disabledAt']);
  });
});
