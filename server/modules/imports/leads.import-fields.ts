/**
 * The columns a lead file may have and how each cell is read. Phones and e-mails are checked
 * with the same schemas as a lead entered by hand (contracts/crm.ts); cross-field rules, lookups
 * and duplicates are in leads.import.ts.
 */
import { createLeadRequest } from '../../../contracts/crm.ts';
import type { marketingChannels } from '../../../contracts/marketing.ts';
import { type CellParser, invalid, parseEnum, parseText, valid } from './cell-values.ts';
import type { FieldDefinition } from './import-entity.ts';

const parsePhone: CellParser<string> = (text) => {
  const result = createLeadRequest.shape.phone.safeParse(text);
  return result.success && result.data !== null
    ? valid(result.data)
    : invalid('BAD_FORMAT', 'not a phone number', '不是有效的电话号码');
};

const parseEmail: CellParser<string> = (text) => {
  const result = createLeadRequest.shape.email.safeParse(text);
  return result.success && result.data !== null
    ? valid(result.data)
    : invalid('BAD_FORMAT', 'not an e-mail address', '不是有效的电子邮箱');
};

export const channelAliases: Record<(typeof marketingChannels)[number], string[]> = {
  exhibition: ['展会', 'trade show'],
  academic: ['学术', '学术会议'],
  search: ['搜索', 'sem'],
  social: ['社交媒体', '社媒'],
  wechat: ['微信'],
  email: ['邮件', 'edm'],
  distributor: ['经销商'],
  direct: ['直销', '直接'],
  referral: ['推荐', '转介绍'],
};

const field = (
  name: string,
  labelZh: string,
  labelEn: string,
  required: boolean,
  synonyms: string[],
  parse: FieldDefinition['parse'],
): FieldDefinition => ({ name, labelZh, labelEn, required, synonyms, parse });

export const leadFields: readonly FieldDefinition[] = [
  field(
    'contactName',
    '联系人',
    'Contact name',
    true,
    ['联系人', '姓名', '联系人姓名', 'contact', 'contact name', 'name'],
    parseText(100),
  ),
  field(
    'organization',
    '单位',
    'Organization',
    false,
    ['单位', '单位名称', '医院', '机构', '公司', 'organization', 'organisation', 'company', 'hospital'],
    parseText(200),
  ),
  field('department', '科室', 'Department', false, ['科室', '部门', 'department'], parseText(100)),
  field('title', '职务', 'Title', false, ['职务', '职称', '职位', 'title', 'job title'], parseText(100)),
  field(
    'phone',
    '电话',
    'Phone',
    false,
    ['电话', '手机', '手机号', '联系电话', 'phone', 'mobile'],
    parsePhone,
  ),
  field('email', '邮箱', 'E-mail', false, ['邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail'], parseEmail),
  field(
    'region',
    '区域',
    'Region',
    false,
    ['区域', '所属区域', '地区', '省份', '城市', '省市', 'region', 'province', 'city'],
    parseText(100),
  ),
  field(
    'ownerRep',
    '负责人',
    'Owner',
    false,
    ['负责人', '负责销售', '销售代表', '业务员', 'owner', 'owner rep', 'sales rep'],
    parseText(100),
  ),
  field(
    'campaign',
    '市场活动',
    'Campaign',
    false,
    ['市场活动', '活动', '活动编码', 'campaign', 'campaign code'],
    parseText(60),
  ),
  field(
    'channel',
    '渠道',
    'Channel',
    false,
    ['渠道', '来源渠道', 'channel'],
    parseEnum(channelAliases, (key) => key),
  ),
  field('utmSource', 'utm_source', 'utm_source', false, ['utm_source', 'utm source'], parseText(120)),
  field('utmMedium', 'utm_medium', 'utm_medium', false, ['utm_medium', 'utm medium'], parseText(120)),
  field(
    'utmCampaign',
    'utm_campaign',
    'utm_campaign',
    false,
    ['utm_campaign', 'utm campaign'],
    parseText(120),
  ),
  field('utmTerm', 'utm_term', 'utm_term', false, ['utm_term', 'utm term'], parseText(120)),
  field('utmContent', 'utm_content', 'utm_content', false, ['utm_content', 'utm content'], parseText(120)),
  field(
    'interest',
    '意向',
    'Interest',
    false,
    ['意向', '需求', '意向产品', '备注', 'interest', 'note', 'notes'],
    parseText(2000),
  ),
];
