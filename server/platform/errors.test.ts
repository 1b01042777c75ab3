import { describe, expect, it } from 'vitest';
import { AppError, errorBody, localized } from './errors.ts';

describe('error messages in one language', () => {
  it('fills a parameter worded in both languages with the wording of the response language', () => {
    const error = new AppError('CONFLICT', {
      detail: localized('the reservation to release does not exist', '要释放的预留不存在'),
    });
    expect(error.messageIn('en')).toBe('Conflict: the reservation to release does not exist');
    expect(error.messageIn('zh-CN')).toBe('冲突：要释放的预留不存在');
    expect(error.message).toBe('Conflict: the reservation to release does not exist');
    expect(errorBody(error, 'zh-CN').error.message).toBe('冲突：要释放的预留不存在');
  });

  it('keeps plain parameters (numbers, codes, names) as they are in both languages', () => {
    const error = new AppError('DUPLICATE', { entity: localized('Serial number', '序列号'), value: 'SN-1' });
    expect(error.messageIn('en')).toBe('Serial number "SN-1" already exists');
    expect(error.messageIn('zh-CN')).toBe('序列号“SN-1”已存在');
  });
});
