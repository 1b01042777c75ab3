import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParam } from '../../../../contracts/common.ts';
import { uploadImportBody } from '../../../../contracts/imports.ts';
import {
  deleteTargetQuery,
  importTargetsQuery,
  revenueTarget,
  targetImportResult,
  targetYear,
  targetYearQuery,
  upsertTargetRequest,
} from '../../../../contracts/targets.ts';
import { type App, type AppDeps, contextOf, sendNoContent } from '../../../platform/http.ts';
import { readImportLimits } from '../../imports/index.ts';
import * as targets from './targets.service.ts';

/** Content types an upload may declare; the body is taken as raw bytes whatever it says. */
const uploadContentTypes = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** A targets file is small; 5 MB is thousands of rows. */
const MAX_TARGET_FILE_BYTES = 5 * 1024 * 1024;

export function registerTargetRoutes(app: App, deps: AppDeps) {
  const tags = ['analytics'];
  const errors = { 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
  const limits = readImportLimits();

  app.get(
    '/api/analytics/targets',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Revenue targets of a year in your scope, with the regions and reps they are set for',
        querystring: targetYearQuery,
        response: { 200: targetYear, 400: errorResponse },
      },
    },
    async (request) => targets.getTargetYear(deps.db, contextOf(request), request.query.year),
  );

  app.put(
    '/api/analytics/targets',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary:
          "Set a region's or a rep's revenue target for a month (admin, GM, director; managers in their region)",
        description: 'Send version null to create, the version you read to change; a stale one answers 409.',
        body: upsertTargetRequest,
        response: { 200: revenueTarget, ...errors },
      },
    },
    async (request) => targets.upsertTarget(deps.db, contextOf(request), request.body),
  );

  app.delete(
    '/api/analytics/targets/:id',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Remove a revenue target',
        params: idParam,
        querystring: deleteTargetQuery,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await targets.deleteTarget(deps.db, contextOf(request), request.params.id, request.query.version);
      return sendNoContent(reply);
    },
  );

  // Encapsulated, so that the raw-body parsers apply to this route only.
  app.register(async (instance) => {
    const scoped = instance.withTypeProvider<ZodTypeProvider>();
    for (const type of uploadContentTypes) {
      scoped.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    }
    scoped.post(
      '/api/analytics/targets/import',
      {
        config: { access: 'dashboard:read' },
        bodyLimit: MAX_TARGET_FILE_BYTES,
        schema: {
          tags,
          summary: 'Import revenue targets from a CSV or .xlsx file, all or nothing',
          description:
            'Send the file as the raw request body. Columns: month (月份, e.g. 2026-01), region code (大区) ' +
            'and/or rep username (销售代表), target in yuan (目标（元）). A row with a rep is their quota, one ' +
            "with a region only is the region's target; existing targets of the same key are replaced. When any " +
            'row has a problem nothing is written and the problems are listed with their row and code.',
          consumes: uploadContentTypes,
          querystring: importTargetsQuery,
          body: uploadImportBody,
          response: { 200: targetImportResult, 413: errorResponse, 422: errorResponse, ...errors },
        },
      },
      async (request) => targets.importTargets(deps.db, contextOf(request), request.body, limits),
    );
  });
}
