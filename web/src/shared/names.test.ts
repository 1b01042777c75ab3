import { describe, expect, it } from 'vitest';
import { productNameIn } from './names.ts';

describe('a product name in the UI language', () => {
  const pacer = { productName: '心脏起搏器', productNameEn: 'Pacemaker' };

  it('is the English name in English and the Chinese name in Chinese', () => {
    expect(productNameIn('en', pacer)).toBe('Pacemaker');
    expect(productNameIn('zh-CN', pacer)).toBe('心脏起搏器');
  });

  it('falls back to the Chinese name when no English one is on file', () => {
    expect(productNameIn('en', { productName: '纱布', productNameEn: '' })).toBe('纱布');
  });
});
