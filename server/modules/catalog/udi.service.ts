import type { UdiParseResult } from '../../../contracts/catalog.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import type { Queryable } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { findProductByGtin } from './products.repository.ts';
import { parseUdi, type Udi, type UdiErrorCode } from './udi.rules.ts';

/** The parser explains itself in English; Chinese users get a sentence per error code. */
const reasonsZh: Record<UdiErrorCode, string> = {
  EMPTY: '条码内容为空',
  UNKNOWN_FORMAT: '不是 GS1、GS1 数字链接或 HIBC 格式',
  UNKNOWN_AI: '不支持的应用标识符（AI）',
  BAD_LENGTH: '长度不正确',
  BAD_CHECK_DIGIT: '校验位错误',
  BAD_DATE: '日期无效',
  VALUE_TOO_LONG: '字段内容过长',
  DUPLICATE_AI: '同一应用标识符出现两次且内容不同',
  BAD_CHARACTER: '包含不允许的字符',
};

function present(udi: Udi, today: string, product: UdiParseResult['product']): UdiParseResult {
  const hibc = udi.hibc;
  return {
    format: udi.format,
    gtin: udi.gtin ?? null,
    lot: udi.lot ?? null,
    serial: udi.serial ?? null,
    productionDate: udi.productionDate ?? null,
    expiry: udi.expiry ?? null,
    expiryDateTime: udi.expiryDateTime ?? null,
    additionalId: udi.additionalId ?? null,
    count: udi.count ?? null,
    isExpired: udi.expiry === undefined ? null : udi.expiry < today,
    hibc: hibc
      ? {
          structure: hibc.structure,
          labelerId: hibc.structure === 'secondary' ? null : hibc.labelerId,
          productCode: hibc.structure === 'secondary' ? null : hibc.productCode,
          unitOfMeasure: hibc.structure === 'secondary' ? null : hibc.unitOfMeasure,
          deviceIdentifier: hibc.structure === 'secondary' ? null : hibc.deviceIdentifier,
          linkCharacter: hibc.structure === 'secondary' ? hibc.linkCharacter : null,
          checkCharacter: hibc.checkCharacter,
        }
      : null,
    product,
  };
}

/**
 * Reads a scanned UDI and, when it carries a GTIN we sell, names the product. Two-digit years
 * and "expired" are judged against today's business date.
 */
export async function parseScannedCode(
  db: Queryable,
  ctx: RequestContext,
  code: string,
  today = businessDate(),
): Promise<UdiParseResult> {
  const result = parseUdi(code, today);
  if (!result.ok) {
    const { error } = result;
    throw new AppError(
      'UDI_INVALID',
      { column: error.position + 1, reason: ctx.lang === 'en' ? error.message : reasonsZh[error.code] },
      { udiCode: error.code, position: error.position },
    );
  }
  const udi = result.value;
  const product = udi.gtin ? await findProductByGtin(db, udi.gtin) : undefined;
  return present(udi, today, product ?? null);
}
