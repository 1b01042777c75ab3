import type { Lang } from './i18n.ts';

/**
 * Every error a client can see has a stable code from this table, an HTTP status and a
 * message in both languages. `{name}` placeholders are filled from the error's params.
 */
const catalogue = {
  VALIDATION_FAILED: { status: 400, en: 'The request is not valid: {detail}', zh: '请求无效：{detail}' },
  UNKNOWN_FIELD: { status: 400, en: 'Unknown field "{field}"', zh: '未知字段“{field}”' },
  INVALID_QUERY: { status: 400, en: 'Invalid query: {detail}', zh: '查询无效：{detail}' },
  PAGE_SIZE_TOO_LARGE: { status: 400, en: 'Page size may be at most {max}', zh: '每页最多 {max} 条' },
  UNAUTHENTICATED: { status: 401, en: 'Please sign in', zh: '请先登录' },
  SESSION_EXPIRED: {
    status: 401,
    en: 'Your session has expired; please sign in again',
    zh: '会话已过期，请重新登录',
  },
  INVALID_CREDENTIALS: { status: 401, en: 'Wrong username or password', zh: '用户名或密码错误' },
  INVALID_API_KEY: { status: 401, en: 'The API key is invalid or revoked', zh: 'API 密钥无效或已吊销' },
  FORBIDDEN: { status: 403, en: 'You do not have permission to do this', zh: '您没有执行此操作的权限' },
  NOT_FOUND: { status: 404, en: 'Not found', zh: '未找到' },
  CONFLICT: { status: 409, en: 'Conflict: {detail}', zh: '冲突：{detail}' },
  VERSION_CONFLICT: {
    status: 409,
    en: 'Someone else changed this record; reload and try again',
    zh: '该记录已被他人修改，请刷新后重试',
  },
  DUPLICATE: { status: 409, en: '{entity} "{value}" already exists', zh: '{entity}“{value}”已存在' },
  IN_USE: { status: 409, en: 'Still in use by {detail}', zh: '仍被{detail}使用' },
  INSUFFICIENT_STOCK: {
    status: 409,
    en: 'Not enough stock available: {detail}',
    zh: '可用库存不足：{detail}',
  },
  LOT_NOT_SELLABLE: {
    status: 422,
    en: 'Lot {lot} cannot be used: {detail}',
    zh: '批次 {lot} 不可用：{detail}',
  },
  LOT_EXPIRED: {
    status: 422,
    en: 'Lot {lot} expired on {expiry} and cannot be received',
    zh: '批次 {lot} 已于 {expiry} 过期，不能入库',
  },
  LOT_EXPIRY_MISMATCH: {
    status: 422,
    en: 'Lot {lot} is on file with expiry {known}, not {given}',
    zh: '批次 {lot} 已登记的有效期为 {known}，与本次的 {given} 不一致',
  },
  GTIN_MISMATCH: {
    status: 422,
    en: 'The scanned GTIN {scanned} is not the product of this order line ({expected})',
    zh: '扫描的 GTIN {scanned} 与该订单行的产品（{expected}）不符',
  },
  OVER_RECEIPT: {
    status: 422,
    en: 'Line {line} would receive {quantity} but only {open} are still open on the purchase order',
    zh: '第 {line} 行本次收货 {quantity}，超过采购订单未收数量 {open}',
  },
  EXCHANGE_RATE_MISSING: {
    status: 422,
    en: 'No {currency} exchange rate on file for {date}',
    zh: '没有 {date} 的 {currency} 汇率',
  },
  INVALID_STATUS: {
    status: 409,
    en: 'Not possible while the {entity} is {status}',
    zh: '{entity}当前状态为{status}，不能执行此操作',
  },
  // Order to cash (sales)
  PRICE_BELOW_FLOOR: {
    status: 422,
    en: 'The price of {detail} is below our floor price and has no approval',
    zh: '{detail} 的价格低于底价，且未获审批',
  },
  COMPLIANCE_BLOCKED: {
    status: 422,
    en: 'The sale is not allowed: {detail}',
    zh: '不允许销售：{detail}',
  },
  CREDIT_REJECTED: {
    status: 422,
    en: 'Credit check refused the order: {reason}',
    zh: '信用检查拒绝该订单：{reason}',
  },
  APPROVAL_REQUIRED: {
    status: 422,
    en: 'The order needs an approval first: {detail}',
    zh: '该订单需要先审批：{detail}',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    en: 'This Idempotency-Key was already used for a different request',
    zh: '该 Idempotency-Key 已用于另一个不同的请求',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    en: 'A request with this Idempotency-Key is still being processed; retry shortly',
    zh: '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
  },
  UDI_MISMATCH: {
    status: 422,
    en: 'The scanned code does not match this shipment: {detail}',
    zh: '扫描的条码与本发货单不符：{detail}',
  },
  SHIPMENT_NOT_SCANNED: {
    status: 422,
    en: 'Not everything has been scanned: {detail}',
    zh: '尚未全部扫描：{detail}',
  },
  // Credit
  CREDIT_POLICY_INVALID: {
    status: 422,
    en: 'The credit policy is not valid: {detail}',
    zh: '信用政策无效：{detail}',
  },
  CREDIT_APPROVER_ROLE: {
    status: 403,
    en: 'This credit decision needs approval by {level}',
    zh: '该信用决定需由{level}审批',
  },
  CREDIT_LIMIT_UNCHANGED: {
    status: 422,
    en: 'The requested limit {limit} is the current limit',
    zh: '申请的额度 {limit} 与当前额度相同',
  },
  // Workflow
  APPROVAL_PENDING: {
    status: 409,
    en: '{document} is already waiting for approval',
    zh: '{document} 已在审批中',
  },
  NO_APPROVAL_ROUTE: {
    status: 422,
    en: 'No rule of the {documentType} approval policy applies to this document',
    zh: '{documentType}审批策略中没有适用于该单据的规则',
  },
  NO_APPROVER: {
    status: 422,
    en: 'Nobody can approve step {step} ({approver}): no such active user, and no manager to stand in',
    zh: '第 {step} 步（{approver}）没有可审批的人：无此在职用户，也没有可代替的上级',
  },
  NOT_AN_APPROVER: {
    status: 403,
    en: 'You are not an approver of the current step of this approval',
    zh: '您不是该审批当前步骤的审批人',
  },
  ADD_SIGNER_NOT_ALLOWED: {
    status: 422,
    en: 'A signer cannot be added: {detail}',
    zh: '不能加签：{detail}',
  },
  WEBHOOK_URL_REFUSED: {
    status: 422,
    en: 'The webhook address is refused: {detail}',
    zh: 'Webhook 地址被拒绝：{detail}',
  },
  // Finance
  ALREADY_INVOICED: {
    status: 409,
    en: 'Shipment line {line} has already been invoiced',
    zh: '发货行 {line} 已开票',
  },
  ALLOCATION_EXCEEDS_UNALLOCATED: {
    status: 409,
    en: 'Only {available} of {document} is still unallocated; {requested} cannot be allocated',
    zh: '{document} 未分配余额仅剩 {available}，不能分配 {requested}',
  },
  ALLOCATION_EXCEEDS_OPEN_AMOUNT: {
    status: 409,
    en: 'Invoice {invoice} has only {open} open; {requested} cannot be allocated to it',
    zh: '发票 {invoice} 未结金额仅剩 {open}，不能分配 {requested}',
  },
  CURRENCY_MISMATCH: {
    status: 422,
    en: '{document} is in {currency}, but invoice {invoice} is in {invoiceCurrency}',
    zh: '{document} 的币种为 {currency}，而发票 {invoice} 的币种为 {invoiceCurrency}',
  },
  CREDIT_EXCEEDS_INVOICE: {
    status: 422,
    en: 'Invoice line {line} has only {remaining} left to credit',
    zh: '发票行 {line} 可红冲的余额仅剩 {remaining}',
  },
  WRITE_OFF_EXCEEDS_OPEN_AMOUNT: {
    status: 409,
    en: 'Invoice {invoice} has only {open} open; {requested} cannot be written off',
    zh: '发票 {invoice} 未结金额仅剩 {open}，不能核销 {requested}',
  },
  SELF_APPROVAL: {
    status: 403,
    en: 'You cannot approve or reject your own request',
    zh: '不能审批自己提交的申请',
  },
  RETURN_EXCEEDS_SHIPPED: {
    status: 422,
    en: 'Shipment line {line} shipped {shipped} and {returned} came back already; {requested} more cannot be returned',
    zh: '发货行 {line} 发货 {shipped}，已退回 {returned}，不能再退 {requested}',
  },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request body is too large', zh: '请求内容过大' },
  BUSINESS_RULE: { status: 422, en: '{detail}', zh: '{detail}' },
  INVALID_PERIOD: { status: 422, en: 'The period is not valid: {detail}', zh: '期间无效：{detail}' },
  INVALID_REFERENCE: { status: 422, en: 'Unknown {entity}: {value}', zh: '未知的{entity}：{value}' },
  INVALID_REGION_PARENT: {
    status: 422,
    en: 'A {level} must sit under a {parentLevel}',
    zh: '{level}必须隶属于{parentLevel}',
  },
  OUT_OF_SCOPE: {
    status: 403,
    en: 'This record would be outside your regions',
    zh: '该记录将超出您负责的区域范围',
  },
  UDI_INVALID: {
    status: 422,
    en: 'The code cannot be read at character {column}: {reason}',
    zh: '无法识别该条码（第 {column} 个字符）：{reason}',
  },
  WEAK_PASSWORD: {
    status: 422,
    en: 'The password must have at least 10 characters',
    zh: '密码至少需要 10 个字符',
  },
  EXPORT_TOO_LARGE: {
    status: 422,
    en: 'Export is limited to {max} rows; narrow the filter',
    zh: '导出最多 {max} 行，请缩小筛选范围',
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    en: 'Import files may be at most {maxMegabytes} MB',
    zh: '导入文件最大 {maxMegabytes} MB',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 422,
    en: 'The file has more than {max} rows; split it',
    zh: '文件超过 {max} 行，请拆分后导入',
  },
  IMPORT_UNZIPPED_TOO_LARGE: {
    status: 422,
    en: 'The Excel file would unpack to more than {maxMegabytes} MB; it is refused as a possible zip bomb',
    zh: 'Excel 文件解压后将超过 {maxMegabytes} MB，疑似压缩炸弹，已拒绝',
  },
  IMPORT_UNREADABLE_FILE: {
    status: 422,
    en: 'The file cannot be read: {detail}',
    zh: '无法读取文件：{detail}',
  },
  IMPORT_INVALID_MAPPING: {
    status: 422,
    en: 'The column mapping is not valid: {detail}',
    zh: '列映射无效：{detail}',
  },
  IMPORT_HAS_PROBLEMS: {
    status: 422,
    en: 'Nothing was imported: {count} problems were found; fix them and upload the file again',
    zh: '未导入任何数据：发现 {count} 个问题，请修正后重新上传',
  },
  IMPORT_BUSY: {
    status: 409,
    en: 'A dry run or commit of this import is already running',
    zh: '该导入的试运行或提交正在进行中',
  },
  IMPORT_ALREADY_COMMITTED: {
    status: 409,
    en: 'This import has been committed and can no longer change',
    zh: '该导入已提交，不能再修改',
  },
  IMPORT_CONFLICT: {
    status: 409,
    en: 'Someone changed the same records while the import was running; nothing was imported, run the dry run again',
    zh: '导入期间相同记录被他人修改，未导入任何数据，请重新试运行',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    en: 'Too many failed sign-in attempts; try again in {seconds} seconds',
    zh: '登录失败次数过多，请在 {seconds} 秒后重试',
  },
  // CRM and marketing
  RATE_LIMITED: {
    status: 429,
    en: 'Too many requests; try again in {seconds} seconds',
    zh: '请求过于频繁，请在 {seconds} 秒后重试',
  },
  LEAD_DUPLICATE: {
    status: 409,
    en: 'This lead already exists as {code} ({name})',
    zh: '该线索已存在：{code}（{name}）',
  },
  LEAD_ALREADY_CONVERTED: {
    status: 409,
    en: 'Lead {code} has already been converted',
    zh: '线索 {code} 已转化',
  },
  LEAD_REGION_REQUIRED: {
    status: 422,
    en: 'Lead {code} needs a region before it can be converted',
    zh: '线索 {code} 需先指定区域才能转化',
  },
  STAGE_CHANGE_NOT_ALLOWED: {
    status: 422,
    en: 'The opportunity cannot move from {from} to {to}: {reason}',
    zh: '商机不能从“{from}”变更为“{to}”：{reason}',
  },
  LOST_REASON_REQUIRED: {
    status: 422,
    en: 'A lost opportunity needs a lost reason',
    zh: '丢单必须填写丢单原因',
  },
  INVALID_DATE_RANGE: {
    status: 422,
    en: '{to} is before {from}',
    zh: '{to} 早于 {from}',
  },
  // Analytics (semantic layer)
  ANALYTICS_UNKNOWN_FIELD: {
    status: 400,
    en: 'Unknown {kind} "{field}"',
    zh: '未知的{kind}“{field}”',
  },
  ANALYTICS_NOT_APPLICABLE: {
    status: 400,
    en: 'Measure "{measure}" cannot be broken down or filtered by "{dimension}"',
    zh: '指标“{measure}”不能按“{dimension}”分析或筛选',
  },
  ANALYTICS_MEASURE_FORBIDDEN: {
    status: 403,
    en: 'You may not see the measure "{measure}"',
    zh: '您无权查看指标“{measure}”',
  },
  ANALYTICS_TOO_MANY_ROWS: {
    status: 422,
    en: 'The query gives more than {max} rows; add filters or fewer dimensions',
    zh: '查询结果超过 {max} 行，请增加筛选条件或减少维度',
  },
  COLLECTION_CONTACT_IN_FUTURE: {
    status: 400,
    en: 'A collection contact cannot be logged for a future date ({date})',
    zh: '催收联系日期（{date}）不能晚于今天',
  },
  PROMISE_BEFORE_CONTACT: {
    status: 400,
    en: 'The promised payment date {promisedOn} is before the contact date {contactedOn}',
    zh: '承诺付款日期 {promisedOn} 早于联系日期 {contactedOn}',
  },
  COLLECTION_INVOICE_INVALID: {
    status: 400,
    en: "The invoice is not one of this customer's open invoices",
    zh: '该发票不是此客户的未结发票',
  },
  CREDIT_INPUT_IN_FUTURE: {
    status: 400,
    en: 'The date {date} is in the future',
    zh: '日期 {date} 晚于今天',
  },
  INTERNAL_ERROR: { status: 500, en: 'Something went wrong on our side', zh: '服务器内部错误' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    en: 'The service is unavailable: {detail}',
    zh: '服务不可用：{detail}',
  },
} as const satisfies Record<string, { status: number; en: string; zh: string }>;

export type ErrorCode = keyof typeof catalogue;
export const errorCodes = Object.keys(catalogue) as ErrorCode[];

/** A parameter worded in both languages (a detail sentence, an entity name): never one language inside the other. */
export interface Localized {
  en: string;
  zh: string;
}

export type ErrorParams = Record<string, string | number | Localized>;

/** Both wordings of a parameter, picked by the response language. */
export function localized(en: string, zh: string): Localized {
  return { en, zh };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  /** Extra machine-readable facts for the client (e.g. retryAfterSeconds, field, position). */
  readonly details: Record<string, unknown> | undefined;

  /** `options.cause` keeps the underlying error for the log; clients never see it. */
  constructor(
    code: ErrorCode,
    params: ErrorParams = {},
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(fill(catalogue[code].en, params, 'en'), options);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  get status(): number {
    return catalogue[this.code].status;
  }

  messageIn(lang: Lang): string {
    const entry = catalogue[this.code];
    return fill(lang === 'en' ? entry.en : entry.zh, this.params, lang);
  }
}

export function statusOf(code: ErrorCode): number {
  return catalogue[code].status;
}

function fill(template: string, params: ErrorParams, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in params)) return `{${key}}`;
    const value = params[key]!;
    if (typeof value === 'object') return lang === 'en' ? value.en : value.zh;
    return String(value);
  });
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

export function errorBody(error: AppError, lang: Lang): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.messageIn(lang),
      ...(error.details ? { details: error.details } : {}),
    },
  };
}
