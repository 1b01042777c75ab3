import { errorResponse } from '../../../../contracts/common.ts';
import {
  createSegmentTasksRequest,
  segmentMovement,
  segmentMovementQuery,
  segmentParam,
  segmentTasksResult,
} from '../../../../contracts/customer-segments.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { createSegmentTasks, getSegmentMovement } from './segments.service.ts';

/** Segment movement between month ends, and a segment handed to the owner reps as tasks. */
export function registerSegmentRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/analytics/customer-value/movement',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['analytics'],
        summary: 'How many customers moved from each RFM segment to each other between two month ends',
        description:
          'Default: the last complete month against the month before. Segments as on the customer-value page ' +
          '(stored thresholds), each computed as of the month end; only customers inside your scope.',
        querystring: segmentMovementQuery,
        response: { 200: segmentMovement, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => getSegmentMovement(deps.db, contextOf(request), request.query),
  );

  app.post(
    '/api/analytics/customer-value/segments/:segment/tasks',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Create a follow-up task for the owner rep of every customer of a segment (managers and up)',
        description:
          'Titled with the segment’s suggested action, due in `dueInDays`. Once per customer, segment and month: ' +
          'asking again adds tasks only for customers without one. Only customers inside your scope; 403 for ' +
          'roles below regional manager.',
        params: segmentParam,
        body: createSegmentTasksRequest,
        response: { 200: segmentTasksResult, 400: errorResponse, 403: errorResponse, 422: errorResponse },
      },
    },
    async (request) => createSegmentTasks(deps.db, contextOf(request), request.params.segment, request.body),
  );
}
