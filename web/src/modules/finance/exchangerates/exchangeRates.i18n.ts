/** Texts of the exchange-rate screen (part of the finance texts). */
export const zh = {
  title: '汇率',
  intro:
    '人民币对外币汇率（1 单位外币折合人民币）。单据取其日期的汇率：该日或之前最近一次录入的汇率（超过 31 天视为过期）。',
  currency: '币种',
  rateDate: '汇率日期',
  rate: '汇率（人民币）',
  from: '开始日期',
  to: '结束日期',
  add: '录入汇率',
  addTitle: '录入汇率',
  save: '保存',
  saved: '汇率已保存',
  replaceTitle: '该日期已有汇率',
  replaceBody: '{{currency}} 在 {{date}} 已有汇率。要改为 {{newRate}} 吗？已开具的单据保留原汇率。',
  replace: '更正',
  lookupTitle: '单据日期适用汇率',
  lookupDate: '单据日期',
  lookupResult: '{{date}} 的 {{currency}} 单据适用 {{rateDate}} 的汇率 {{rate}}',
  validation: {
    currencyRequired: '请选择币种',
    dateRequired: '请选择日期',
    rateRequired: '请输入汇率',
    rateFormat: '请输入大于 0 的数字，最多 8 位小数',
  },
};

export const en: typeof zh = {
  title: 'Exchange rates',
  intro:
    'CNY per one unit of a foreign currency. A document takes the rate of its date: the latest rate on or before that date (older than 31 days counts as stale).',
  currency: 'Currency',
  rateDate: 'Rate date',
  rate: 'Rate (CNY)',
  from: 'From',
  to: 'To',
  add: 'Record a rate',
  addTitle: 'Record an exchange rate',
  save: 'Save',
  saved: 'Exchange rate saved',
  replaceTitle: 'A rate is already on file',
  replaceBody:
    '{{currency}} already has a rate on {{date}}. Change it to {{newRate}}? Documents already issued keep their rate.',
  replace: 'Correct it',
  lookupTitle: 'Rate for a document date',
  lookupDate: 'Document date',
  lookupResult: 'A {{currency}} document dated {{date}} takes the rate {{rate}} of {{rateDate}}',
  validation: {
    currencyRequired: 'Choose a currency',
    dateRequired: 'Choose a date',
    rateRequired: 'Enter the rate',
    rateFormat: 'A number above 0 with at most 8 decimals',
  },
};
