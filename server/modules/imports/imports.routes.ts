import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  commitResponse,
  dryRunResponse,
  importJob,
  importJobListQuery,
  importJobPage,
  importProblemPage,
  importProblemQuery,
  importTemplate,
  importTemplateList,
  importTemplateQuery,
  saveImportTemplateRequest,
  updateMappingRequest,
  uploadImportBody,
  uploadImportQuery,
} from '../../../contracts/imports.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import { commitImport, dryRunImport } from './import-runner.ts';
import { readImportLimits } from './imports.config.ts';
import * as imports from './imports.service.ts';

/** Content types an upload may declare; the body is taken as raw bytes whatever it says. */
const uploadContentTypes = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
];

export function registerImportRoutes(app: App, deps: AppDeps) {
  const limits = readImportLimits();
  const tags = ['imports'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  // Encapsulated, so that the raw-body parsers apply to these routes only.
  app.register(async (instance) => {
    const scoped = instance.withTypeProvider<ZodTypeProvider>();
    for (const type of uploadContentTypes) {
      scoped.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    }

    scoped.get(
      '/api/imports',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'Your imports, newest first',
          querystring: importJobListQuery,
          response: { 200: importJobPage, 400: errorResponse },
        },
      },
      async (request) =>
        imports.listImports(deps.db, contextOf(request), request.query.page, request.query.pageSize),
    );

    scoped.post(
      '/api/imports',
      {
        config: { access: 'imports:run' },
        bodyLimit: limits.maxFileBytes,
        schema: {
          tags,
          summary: 'Upload a CSV (UTF-8 or GBK) or .xlsx file to import',
          description:
            'Send the file as the raw request body (Content-Type application/octet-stream, text/csv or the ' +
            `.xlsx type), at most ${Math.floor(limits.maxFileBytes / 1024 / 1024)} MB and ${limits.maxRows} rows. ` +
            'The answer has the headers, sample rows, row count and a suggested column mapping. Nothing is ' +
            'written to business data until a commit. Then: PUT …/mapping (optional) → POST …/dry-run → ' +
            'POST …/commit. Poll GET /api/imports/{id} for progress while a dry run or commit runs.',
          consumes: uploadContentTypes,
          querystring: uploadImportQuery,
          body: uploadImportBody,
          response: { 201: importJob, 413: errorResponse, ...errors },
        },
      },
      async (request, reply) => {
        const { entity, fileName, templateId } = request.query;
        const job = await imports.uploadImport(
          deps.db,
          contextOf(request),
          { entity, fileName, templateId, content: request.body },
          limits,
        );
        return reply.code(201).send(job);
      },
    );

    scoped.get(
      '/api/imports/templates',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'Saved column-mapping templates',
          querystring: importTemplateQuery,
          response: { 200: importTemplateList },
        },
      },
      async (request) => imports.listTemplates(deps.db, request.query.entity),
    );

    scoped.post(
      '/api/imports/templates',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'Save a column-mapping template (a template of the same name is replaced)',
          body: saveImportTemplateRequest,
          response: { 201: importTemplate, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await imports.saveTemplate(deps.db, contextOf(request), request.body)),
    );

    scoped.get(
      '/api/imports/:id',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'An import with its status and progress (poll this during a dry run or commit)',
          params: idParam,
          response: { 200: importJob, 404: errorResponse },
        },
      },
      async (request) => imports.getImport(deps.db, contextOf(request), request.params.id),
    );

    scoped.put(
      '/api/imports/:id/mapping',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'Set the column mapping (clears the results of an earlier dry run)',
          params: idParam,
          body: updateMappingRequest,
          response: { 200: importJob, ...errors },
        },
      },
      async (request) => imports.updateMapping(deps.db, contextOf(request), request.params.id, request.body),
    );

    scoped.post(
      '/api/imports/:id/dry-run',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'Check every row and report its problems; writes no business data',
          description:
            'Send no body. Answers when done; meanwhile GET /api/imports/{id} shows processedRows.',
          params: idParam,
          response: { 200: dryRunResponse, ...errors },
        },
      },
      async (request) => dryRunImport(deps.db, contextOf(request), request.params.id, { limits }),
    );

    scoped.post(
      '/api/imports/:id/commit',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'Check again and write every row in one transaction — all or nothing',
          description:
            'Send no body. Refused with 422 IMPORT_HAS_PROBLEMS (and nothing written) when any row has a problem. ' +
            'Idempotent: a committed import, or a re-upload of a committed file, answers 200 with ' +
            'alreadyImported true and writes nothing. One audit entry records the whole import.',
          params: idParam,
          response: { 200: commitResponse, ...errors },
        },
      },
      async (request) => commitImport(deps.db, contextOf(request), request.params.id, { limits }),
    );

    scoped.get(
      '/api/imports/:id/problems',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'The problems of the last dry run or refused commit, by row',
          params: idParam,
          querystring: importProblemQuery,
          response: { 200: importProblemPage, 400: errorResponse, 404: errorResponse },
        },
      },
      async (request) =>
        imports.listProblems(
          deps.db,
          contextOf(request),
          request.params.id,
          request.query,
          deps.config.limits.maxPageSize,
        ),
    );

    scoped.get(
      '/api/imports/:id/problems/export',
      {
        config: { access: 'imports:run' },
        schema: {
          tags,
          summary: 'Download the problems as a CSV error report',
          params: idParam,
        },
      },
      async (request, reply) => {
        const report = await imports.exportProblems(
          deps.db,
          contextOf(request),
          request.params.id,
          limits.maxStoredProblems,
        );
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(report.filename)}`,
          )
          .send(report.body);
      },
    );
  });
}
