/**
 * Reorder points per warehouse and product, which the "stock under the reorder point" rule
 * reads (purchasing:write; DOMAIN §9 computes suggestions, a person sets them).
 */
import { z } from 'zod';
import { errorResponse } from '../../../contracts/common.ts';
import {
  reorderPoint,
  reorderPointKey,
  reorderPointList,
  type SaveReorderPointRequest,
  saveReorderPointRequest,
} from '../../../contracts/workflow.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { type Db, isForeignKeyViolation, type Queryable, withTransaction } from '../../platform/db.ts';
import { AppError, localized } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf, sendNoContent } from '../../platform/http.ts';

const select = `SELECT rp.warehouse_id AS "warehouseId", w.name AS "warehouseName", rp.product_id AS "productId", p.sku,
    rp.reorder_point AS "reorderPoint", rp.order_quantity AS "orderQuantity", rp.supplier_id AS "supplierId",
    s.name AS "supplierName", rp.unit_price_fen AS "unitPriceFen",
    to_char(rp.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
  FROM reorder_points rp JOIN warehouses w ON w.id = rp.warehouse_id JOIN products p ON p.id = rp.product_id
  JOIN suppliers s ON s.id = rp.supplier_id`;

type ReorderPoint = z.infer<typeof reorderPoint>;

async function findOne(
  db: Queryable,
  warehouseId: number,
  productId: number,
): Promise<ReorderPoint | undefined> {
  const { rows } = await db.query<ReorderPoint>(
    `${select} WHERE rp.warehouse_id = $1 AND rp.product_id = $2`,
    [warehouseId, productId],
  );
  return rows[0];
}

async function save(db: Db, ctx: RequestContext, input: SaveReorderPointRequest): Promise<ReorderPoint> {
  return withTransaction(db, async (tx) => {
    const before = await findOne(tx, input.warehouseId, input.productId);
    try {
      await tx.query(
        `INSERT INTO reorder_points (warehouse_id, product_id, reorder_point, order_quantity, supplier_id, unit_price_fen)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (warehouse_id, product_id) DO UPDATE
           SET reorder_point = EXCLUDED.reorder_point, order_quantity = EXCLUDED.order_quantity,
               supplier_id = EXCLUDED.supplier_id, unit_price_fen = EXCLUDED.unit_price_fen, updated_at = now()`,
        [
          input.warehouseId,
          input.productId,
          input.reorderPoint,
          input.orderQuantity,
          input.supplierId,
          input.unitPriceFen,
        ],
      );
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw new AppError('INVALID_REFERENCE', {
          entity: localized('warehouse, product or supplier', '仓库、产品或供应商'),
          value: '',
        });
      }
      throw error;
    }
    const after = (await findOne(tx, input.warehouseId, input.productId))!;
    await recordAudit(tx, ctx, {
      action: before ? 'update' : 'create',
      entity: 'reorder_point',
      entityId: `${input.warehouseId}:${input.productId}`,
      before,
      after,
    });
    return after;
  });
}

export function registerReorderPointRoutes(app: App, deps: AppDeps) {
  const tags = ['workflow admin'];
  app.get(
    '/api/workflow/reorder-points',
    {
      config: { access: 'purchasing:read' },
      schema: {
        tags,
        summary: 'Reorder points the replenishment rule reads',
        response: { 200: reorderPointList },
      },
    },
    async () => ({ items: (await deps.db.query<ReorderPoint>(`${select} ORDER BY w.name, p.sku`)).rows }),
  );
  app.put(
    '/api/workflow/reorder-points',
    {
      config: { access: 'purchasing:write' },
      schema: {
        tags,
        summary: 'Set the reorder point of a product in a warehouse (and what to order below it)',
        body: saveReorderPointRequest,
        response: { 200: reorderPoint, 400: errorResponse, 403: errorResponse, 422: errorResponse },
      },
    },
    async (request) => save(deps.db, contextOf(request), request.body),
  );
  app.delete(
    '/api/workflow/reorder-points/:warehouseId/:productId',
    {
      config: { access: 'purchasing:write' },
      schema: {
        tags,
        summary: 'Remove a reorder point',
        params: reorderPointKey,
        response: { 204: z.null(), 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { warehouseId, productId } = request.params;
      await withTransaction(deps.db, async (tx) => {
        const before = await findOne(tx, warehouseId, productId);
        if (!before) throw new AppError('NOT_FOUND');
        await tx.query('DELETE FROM reorder_points WHERE warehouse_id = $1 AND product_id = $2', [
          warehouseId,
          productId,
        ]);
        await recordAudit(tx, contextOf(request), {
          action: 'delete',
          entity: 'reorder_point',
          entityId: `${warehouseId}:${productId}`,
          before,
        });
      });
      return sendNoContent(reply);
    },
  );
}
