/**
 * The OpenAPI 3.1 document of the API, generated from the route table in `schemas.ts` (the same Zod
 * schemas the app validates requests with). Built once per app; pure.
 */
import { z } from 'zod';
import { ArticleSchema, routes, type RouteSpec } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12, OpenAPI 3.1's dialect) of `schema`, without the `$schema` key that OpenAPI does not want inline. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function operation(name: string, route: RouteSpec, components: Record<string, JsonSchema>): Record<string, unknown> {
  const parameters: unknown[] = [];
  for (const [parameter, description] of Object.entries(route.pathParameters ?? {})) {
    parameters.push({ name: parameter, in: 'path', required: true, description, schema: { type: 'string' } });
  }
  if (route.query) {
    for (const [parameter, schema] of Object.entries(route.query.shape)) {
      const property = jsonSchema(schema as z.ZodType, 'input');
      const { description, ...rest } = property;
      parameters.push({ name: parameter, in: 'query', required: false, ...(description ? { description } : {}), schema: rest });
    }
  }
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    let schema: unknown;
    if (response.schema) {
      if (response.schema === ArticleSchema) {
        components['Article'] ??= jsonSchema(response.schema, 'output');
        schema = { $ref: '#/components/schemas/Article' };
      } else if (response.contentType === 'application/problem+json') {
        components['Problem'] ??= jsonSchema(response.schema, 'output');
        schema = { $ref: '#/components/schemas/Problem' };
      } else {
        schema = jsonSchema(response.schema, 'output');
      }
    }
    responses[status] = {
      description: response.description,
      ...(response.schema || response.contentType ? { content: { [response.contentType ?? 'application/json']: schema ? { schema } : {} } } : {}),
    };
  }
  if (route.query || route.body) responses['429'] ??= { description: 'rate limited (API_RATE_LIMITED)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  return {
    operationId: name,
    summary: route.summary,
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    ...(route.auth ? { security: [{ bearer: [] }] } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route. */
export function openApiDocument(): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(routes) as [string, RouteSpec][]) {
    (paths[route.path] ??= {})[route.method] = operation(name, route, components);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Dateline API', version: '0.1.0', description: 'News articles as event data: articles, events, actors, quotes and their aggregates. Errors are RFC 9457 problem documents with a stable code.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
