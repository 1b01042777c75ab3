export type Lang = 'zh-CN' | 'en';

/**
 * Picks the response language: an explicit user setting wins, then the first supported
 * language in Accept-Language; Chinese is the default for this market.
 */
export function pickLanguage(acceptLanguage: string | undefined, userSetting?: string | null): Lang {
  if (userSetting === 'en' || userSetting === 'zh-CN') return userSetting;
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag !== '')
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
