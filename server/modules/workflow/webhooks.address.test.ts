import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isForbiddenAddress, parseIpv4, parseIpv6 } from './webhooks.address.ts';

describe('webhook addresses (SSRF)', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.1/hook',
    'http://2130706433/hook', // decimal
    'http://0177.0.0.1/hook', // octal
    'http://0x7f.0.0.1/hook', // hexadecimal
    'http://0x7f000001/hook',
    'http://017700000001/hook',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.10/',
    'http://100.64.0.1/',
    'http://169.254.169.254/latest/meta-data/', // cloud metadata (link-local)
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/', // IPv4-mapped IPv6
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:a9fe:a9fe]/', // mapped 169.254.169.254
    'http://[0:0:0:0:0:ffff:10.0.0.1]/',
    'http://[64:ff9b::7f00:1]/', // NAT64 of 127.0.0.1
    'http://[2002:7f00:1::]/', // 6to4 of 127.0.0.1
    'http://[fe80::1]/', // link-local
    'http://[fd00::1]/', // unique local
    'http://[ff02::1]/', // multicast
    'http://localhost:8080/',
    'http://api.localhost/',
    'http://intranet/',
    'ftp://example.com/',
    'file:///etc/passwd',
    'http://user:pass@example.com/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(checkWebhookUrl(url).ok).toBe(false);
  });

  it.each([
    'https://hooks.example.com/pulse',
    'http://203.0.114.5/hook',
    'https://8.8.8.8/',
    'https://[2606:4700::1111]/',
    'https://172.32.0.1/',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url).ok).toBe(true);
  });

  it('reads IPv4 shorthand as inet_aton does', () => {
    expect(parseIpv4('2130706433')).toEqual([127, 0, 0, 1]);
    expect(parseIpv4('0177.0.0.1')).toEqual([127, 0, 0, 1]);
    expect(parseIpv4('0x7f.1')).toEqual([127, 0, 0, 1]);
    expect(parseIpv4('127.1')).toEqual([127, 0, 0, 1]);
    expect(parseIpv4('10.0.513')).toEqual([10, 0, 2, 1]);
    expect(parseIpv4('256.0.0.1')).toBeNull();
    expect(parseIpv4('08.0.0.1')).toBeNull();
  });

  it('reads IPv6 with an embedded IPv4 tail', () => {
    expect(parseIpv6('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
    expect(parseIpv6('[::1]')).toEqual([...Array(15).fill(0), 1]);
  });

  it('judges the addresses a resolver or a socket reports', () => {
    expect(isForbiddenAddress('127.0.0.1')).toBe(true);
    expect(isForbiddenAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isForbiddenAddress('::ffff:10.9.8.7')).toBe(true);
    expect(isForbiddenAddress('fe80::1%eth0')).toBe(true);
    expect(isForbiddenAddress('93.184.216.34')).toBe(false);
    expect(isForbiddenAddress('::ffff:93.184.216.34')).toBe(false);
    expect(isForbiddenAddress('2606:4700::1111')).toBe(false);
    expect(isForbiddenAddress('garbage')).toBe(true);
  });
});
