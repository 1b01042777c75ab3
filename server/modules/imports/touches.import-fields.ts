/**
 * The columns a touch file may have and how each cell is read. Who was touched (a lead number or
 * a customer code), lookups and duplicates are in touches.import.ts.
 */
import type { touchKinds } from '../../../contracts/crm.ts';
import { type CellParser, invalid, parseDate, parseEnum, parseText, valid } from './cell-values.ts';
import type { FieldDefinition } from './import-entity.ts';
import { channelAliases } from './leads.import-fields.ts';

const kindAliases: Record<(typeof touchKinds)[number], string[]> = {
  visit: ['拜访', '走访', '访问', '到访'],
  form: ['表单', '留资', '注册', 'form fill'],
  attendance: ['参会', '出席', '参加', '签到', 'attended'],
  call: ['电话', '来电', '致电', '通话', 'phone call'],
  sample: ['样品', '试用', '送样', 'sample request'],
};

/**
 * A moment in the company's zone (China time, which has no daylight saving): a date, or a date
 * with a time such as 2026-03-05 14:30 or 2026/3/5 14:30:15. The value is ISO 8601 with the
 * +08:00 offset (COMPANY_TIME_ZONE is Asia/Shanghai), so the database stores the same instant
 * whatever the server's zone.
 */
export const parseChinaDateTime: CellParser<string> = (text) => {
  const match = /^(.+?)(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/.exec(text);
  const bad = invalid(
    'BAD_FORMAT',
    'expected a date or a date and time such as 2026-03-05 14:30',
    '应为日期或日期时间，如 2026-03-05 14:30',
  );
  if (!match) return bad;
  const date = parseDate(match[1]!.trim());
  if (!date.ok) return match[2] === undefined ? date : bad;
  const [hour, minute, second] = [Number(match[2] ?? 0), Number(match[3] ?? 0), Number(match[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return invalid('BAD_FORMAT', 'no such time', '时间不存在');
  const pad = (n: number) => String(n).padStart(2, '0');
  return valid(`${date.value}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`);
};

const field = (
  name: string,
  labelZh: string,
  labelEn: string,
  required: boolean,
  synonyms: string[],
  parse: FieldDefinition['parse'],
): FieldDefinition => ({ name, labelZh, labelEn, required, synonyms, parse });

export const touchFields: readonly FieldDefinition[] = [
  field(
    'campaign',
    '市场活动',
    'Campaign',
    true,
    ['市场活动', '活动', '活动编码', '市场活动编码', 'campaign', 'campaign code'],
    parseText(60),
  ),
  field(
    'leadCode',
    '线索编号',
    'Lead number',
    false,
    ['线索编号', '线索', '线索号', 'lead', 'lead number', 'lead code', 'lead no'],
    parseText(40),
  ),
  field(
    'customerCode',
    '客户编码',
    'Customer code',
    false,
    ['客户编码', '客户代码', '客户', 'customer', 'customer code'],
    parseText(40),
  ),
  field(
    'kind',
    '触点类型',
    'Kind',
    true,
    ['触点类型', '类型', '互动类型', '方式', 'kind', 'type', 'touch type'],
    parseEnum(kindAliases, (key) => key),
  ),
  field(
    'touchedAt',
    '时间',
    'Time',
    true,
    ['时间', '日期', '触点时间', '发生时间', '互动时间', 'time', 'date', 'touched at', 'timestamp'],
    parseChinaDateTime,
  ),
  field(
    'channel',
    '渠道',
    'Channel',
    false,
    ['渠道', '来源渠道', 'channel'],
    parseEnum(channelAliases, (key) => key),
  ),
  field('note', '备注', 'Note', false, ['备注', '说明', '内容', 'note', 'notes', 'comment'], parseText(1000)),
];
