import { describe, expect, it } from 'vitest';
import {
  channelFromUtmMedium,
  checkFormToken,
  maskEmail,
  normalizePhone,
  signFormToken,
} from './leads.rules.ts';

describe('normalizePhone', () => {
  it('treats the same mobile number written five ways as one', () => {
    const forms = [
      '13812345678',
      '138 1234 5678',
      '+86 138-1234-5678',
      '0086 13812345678',
      '(86)13812345678',
    ];
    expect(new Set(forms.map(normalizePhone))).toEqual(new Set(['13812345678']));
  });

  it('keeps landlines with their area code and refuses fragments', () => {
    expect(normalizePhone('021-6324 0090')).toBe('02163240090');
    expect(normalizePhone('分机 123')).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });
});

describe('intake form tokens', () => {
  const secret = 'test-secret';
  const shown = 1_750_000_000_000;

  it('accepts a form sent back after the minimum fill time', () => {
    expect(checkFormToken(secret, signFormToken(secret, shown), shown + 5_000, 3)).toBe('ok');
  });

  it('calls a form sent back within the minimum fill time too fast', () => {
    expect(checkFormToken(secret, signFormToken(secret, shown), shown + 2_999, 3)).toBe('too_fast');
  });

  it('refuses forged, altered, future and stale tokens', () => {
    const token = signFormToken(secret, shown);
    expect(checkFormToken('other', token, shown + 10_000, 3)).toBe('bad_token');
    expect(checkFormToken(secret, token.replace(/^\d/, '2'), shown + 10_000, 3)).toBe('bad_token');
    expect(checkFormToken(secret, token, shown - 1, 0)).toBe('bad_token');
    expect(checkFormToken(secret, token, shown + 25 * 3600 * 1000, 3)).toBe('bad_token');
    expect(checkFormToken(secret, 'garbage', shown, 0)).toBe('bad_token');
  });
});

describe('lead details', () => {
  it('reads the channel from common UTM media', () => {
    expect(channelFromUtmMedium('CPC')).toBe('search');
    expect(channelFromUtmMedium('weixin')).toBe('wechat');
    expect(channelFromUtmMedium('offline')).toBeNull();
  });

  it('masks an e-mail address but keeps its domain', () => {
    expect(maskEmail('li.lei@hospital.cn')).toBe('l***@hospital.cn');
  });
});
