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
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request body is too large', zh: '请求内容过大' },
  BUSINESS_RULE: { status: 422, en: '{detail}', zh: '{detail}' },
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
  INTERNAL_ERROR: { status: 500, en: 'Something went wrong on our side', zh: '服务器内部错误' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    en: 'The service is unavailable: {detail}',
    zh: '服务不可用：{detail}',
  },
} as const satisfies Record<string, { status: number; en: string; zh: string }>;

export type ErrorCode = keyof typeof catalogue;
export const errorCodes = Object.keys(catalogue) as ErrorCode[];

export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  /** Extra machine-readable facts for the client (e.g. retryAfterSeconds, field, position). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}, details?: Record<string, unknown>) {
    super(fill(catalogue[code].en, params));
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
    return fill(lang === 'en' ? entry.en : entry.zh, this.params);
  }
}

export function statusOf(code: ErrorCode): number {
  return catalogue[code].status;
}

function fill(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) =>
    key in params ? String(params[key]) : `{${key}}`,
  );
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
