import { portfolio, portfolioQuery } from '../../../../contracts/analytics-insights.ts';
import { errorResponse } from '../../../../contracts/common.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { getPortfolio } from './portfolio.service.ts';

export function registerPortfolioRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/analytics/portfolio',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Product portfolio: star / cash cow / question mark / dog per product line, with margin',
        description:
          'DOMAIN §9: relative share = line revenue ÷ the largest line (the largest ÷ the second); growth = ' +
          'year over year; both cut-offs inclusive. Revenue from the semantic layer, inside your scope.',
        querystring: portfolioQuery,
        response: { 200: portfolio, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => getPortfolio(deps.db, contextOf(request), request.query),
  );
}
