import { z } from 'zod';
import { buildOpenApiDocument, type DocumentedRoute } from './build-openapi-document';
import { openApiProblems } from './openapi-problems';

const tagSchema = z.object({ key: z.string(), value: z.string().default('') }).meta({ id: 'SpecTag' });
const thingSchema = z.object({ id: z.string(), name: z.string(), tags: z.array(tagSchema) }).meta({ id: 'SpecThing' });
const createThingSchema = z.object({ name: z.string().min(1).describe('Display name'), tags: z.array(tagSchema).optional() }).meta({ id: 'SpecCreateThing' });
const listQuerySchema = z.object({
  tag: tagSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size'),
  state: z.enum(['open', 'closed']).optional(),
});

const route = (overrides: Partial<DocumentedRoute> & Pick<DocumentedRoute, 'method' | 'path' | 'operationId'>): DocumentedRoute => ({
  summary: overrides.operationId,
  tags: ['things'],
  public: false,
  permissions: [],
  params: {},
  responses: { 200: null },
  errors: [],
  ...overrides,
});

const routes: DocumentedRoute[] = [
  route({
    method: 'post',
    path: '/api/v1/tenants/{tenantID}/things',
    operationId: 'createThing',
    permissions: ['jobs:create'],
    params: { tenantID: z.string().regex(/^[a-z-]+$/) },
    body: createThingSchema,
    responses: { 201: thingSchema },
    errors: [409, 503],
  }),
  route({
    method: 'get',
    path: '/api/v1/tenants/{tenantID}/things',
    operationId: 'listThings',
    query: listQuerySchema,
    responses: { 200: { description: 'A page of things', schema: z.object({ items: z.array(thingSchema) }) } },
  }),
  route({ method: 'delete', path: '/api/v1/tenants/{tenantID}/things/{thingID}', operationId: 'deleteThing', responses: { 204: null } }),
  route({ method: 'get', path: '/status', operationId: 'status', public: true, tags: ['status'] }),
];

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument({ title: 'Test API', version: '1.2.3' }, routes);
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const components = (document['components'] as { schemas: Record<string, Record<string, unknown>> }).schemas;

  it('is a structurally valid OpenAPI 3.1 document whose every $ref resolves', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(openApiProblems(document)).toEqual([]);
  });

  it('declares every route with its method', () => {
    expect(Object.fromEntries(Object.entries(paths).map(([path, item]) => [path, Object.keys(item).sort()]))).toEqual({
      '/api/v1/tenants/{tenantID}/things': ['get', 'post'],
      '/api/v1/tenants/{tenantID}/things/{thingID}': ['delete'],
      '/status': ['get'],
    });
  });

  it('hoists named zod schemas into components and references them', () => {
    const create = paths['/api/v1/tenants/{tenantID}/things']!['post']!;
    expect(create['requestBody']).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SpecCreateThing' } } },
    });
    expect((create['responses'] as Record<string, unknown>)['201']).toEqual({
      description: 'Created',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SpecThing' } } },
    });
    expect(Object.keys(components).sort()).toEqual(['Error', 'SpecCreateThing', 'SpecTag', 'SpecTagInput', 'SpecThing']);
  });

  it('names an input form plainly when its output form is not documented', () => {
    // SpecCreateThing is only ever read as input, so it needs no "Input" suffix.
    expect(components['SpecCreateThing']).toBeDefined();
  });

  it('inlines a named query schema, since its fields are documented one by one', () => {
    const namedQuery = z.object({ q: z.string() }).meta({ id: 'SpecNamedQuery' });
    const document = buildOpenApiDocument({ title: 't', version: '1' }, [route({ method: 'get', path: '/search', operationId: 'search', query: namedQuery })]);
    const operation = (document.paths as Record<string, Record<string, Record<string, unknown>>>)['/search']!['get']!;
    expect(operation['parameters']).toEqual([{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }]);
    expect(openApiProblems(document)).toEqual([]);
  });

  it('documents a schema read differently as input and output twice', () => {
    // Input: `value` has a default, so a client may leave it out; output: it is always there.
    expect(components['SpecTagInput']!['required']).toEqual(['key']);
    expect(components['SpecTag']!['required']).toEqual(['key', 'value']);
    expect(JSON.stringify(components['SpecCreateThing'])).toContain('#/components/schemas/SpecTagInput');
  });

  it('documents path and query parameters from their schemas', () => {
    const list = paths['/api/v1/tenants/{tenantID}/things']!['get']!;
    expect(list['parameters']).toEqual([
      { name: 'tenantID', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'tag', in: 'query', required: false, schema: { $ref: '#/components/schemas/SpecTagInput' } },
      { name: 'limit', in: 'query', required: false, description: 'Page size', schema: expect.objectContaining({ type: 'integer', default: 20 }) },
      { name: 'state', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'closed'] } },
    ]);
    const create = paths['/api/v1/tenants/{tenantID}/things']!['post']!;
    expect(create['parameters']).toEqual([{ name: 'tenantID', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z-]+$' } }]);
  });

  it('documents error responses with the error envelope, and access', () => {
    const create = paths['/api/v1/tenants/{tenantID}/things']!['post']!;
    const responses = create['responses'] as Record<string, { content?: unknown }>;
    expect(Object.keys(responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '415', '500', '503']);
    expect(responses['409']!.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
    expect(responses['503']).toMatchObject({ headers: { 'Retry-After': { schema: { type: 'integer' } } } });
    expect(responses['409']).not.toHaveProperty('headers');
    expect(create['x-required-permissions']).toEqual(['jobs:create']);
    expect(create['security']).toBeUndefined();

    const status = paths['/status']!['get']!;
    expect(status['security']).toEqual([]);
    expect(Object.keys(status['responses'] as object).sort()).toEqual(['200', '500']);
    expect(document['security']).toEqual([{ bearerAuth: [] }]);
    expect(document['components']).toMatchObject({ securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } });
  });

  it('refuses two routes with one operationId', () => {
    expect(() =>
      buildOpenApiDocument({ title: 't', version: '1' }, [route({ method: 'get', path: '/a', operationId: 'x' }), route({ method: 'get', path: '/b', operationId: 'x' })]),
    ).toThrow('operationId "x" is used by two routes');
  });

  it('refuses two different schemas with one id', () => {
    const first = z.object({ a: z.string() }).meta({ id: 'SpecClash' });
    const second = z.object({ b: z.string() }).meta({ id: 'SpecClash' });
    expect(() =>
      buildOpenApiDocument({ title: 't', version: '1' }, [
        route({ method: 'get', path: '/a', operationId: 'a', responses: { 200: first } }),
        route({ method: 'get', path: '/b', operationId: 'b', responses: { 200: second } }),
      ]),
    ).toThrow('two different schemas are named "SpecClash"');
  });
});

describe('openApiProblems', () => {
  it('finds undeclared path parameters, unresolved references and missing descriptions', () => {
    const problems = openApiProblems({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/things/{thingID}': {
          get: { operationId: 'a', responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } } },
        },
      },
    });
    expect(problems).toEqual([
      'GET /things/{thingID}: path parameter thingID is not declared',
      'GET /things/{thingID} 200: response needs a description',
      '#/paths//things/{thingID}/get/responses/200/content/application/json/schema: $ref #/components/schemas/Nope does not resolve',
    ]);
  });
});
