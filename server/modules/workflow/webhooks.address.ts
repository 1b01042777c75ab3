/**
 * Which addresses a webhook may reach (pure). Refused: private, loopback, link-local, shared
 * (CGNAT), documentation, benchmark, multicast, reserved and unspecified ranges — also when
 * written in IPv4 shorthand (decimal 2130706433, octal 0177.0.0.1, hexadecimal 0x7f.1) or
 * embedded in IPv6 (IPv4-mapped ::ffff:127.0.0.1, IPv4-compatible, NAT64, 6to4).
 */
import net from 'node:net';
import type { Localized } from '../../platform/errors.ts';

type Bytes = number[];

/** inet_aton's forms: 1 to 4 parts, each decimal, octal (leading 0) or hexadecimal (0x). */
export function parseIpv4(text: string): Bytes | null {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => p === '')) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) value = Number.parseInt(part.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(part)) value = Number(part);
    else return null;
    if (!Number.isSafeInteger(value)) return null;
    numbers.push(value);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255)) return null;
  const restBytes = 4 - numbers.length;
  if (last >= 256 ** restBytes) return null;
  const tail: number[] = [];
  for (let i = restBytes - 1; i >= 0; i--) tail.push(Math.floor(last / 256 ** i) % 256);
  return [...numbers, ...tail];
}

export function parseIpv6(text: string): Bytes | null {
  let address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (!net.isIPv6(address)) return null;
  let tailBytes: number[] = [];
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = net.isIPv4(tail) ? tail.split('.').map(Number) : null;
    if (!v4) return null;
    tailBytes = v4;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = address.split('::') as [string, string | undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const missing = 8 - left.length - right.length;
  const all = rest === undefined ? left : [...left, ...Array<number>(missing).fill(0), ...right];
  if (all.length !== 8) return null;
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tailBytes.length === 4) bytes.splice(12, 4, ...tailBytes);
  return bytes;
}

function inV4(bytes: Bytes, prefix: string, bits: number): boolean {
  const base = prefix.split('.').map(Number);
  for (let bit = 0; bit < bits; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}

const forbiddenV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata 169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

export function isForbiddenIpv4(bytes: Bytes): boolean {
  return forbiddenV4.some(([prefix, bits]) => inV4(bytes, prefix, bits));
}

function startsWith(bytes: Bytes, prefix: number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

export function isForbiddenIpv6(bytes: Bytes): boolean {
  const zeros = (n: number) => bytes.slice(0, n).every((b) => b === 0);
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d, which covers :: and ::1).
  if (zeros(10) && bytes[10] === 0xff && bytes[11] === 0xff) return isForbiddenIpv4(bytes.slice(12));
  if (zeros(12)) return true;
  // NAT64 (64:ff9b::/96) carries an IPv4 address; its local-use range is internal.
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b], 96)) return isForbiddenIpv4(bytes.slice(12));
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return true;
  // 6to4 (2002::/16) embeds an IPv4 address in bits 16–47.
  if (startsWith(bytes, [0x20, 0x02], 16)) return isForbiddenIpv4(bytes.slice(2, 6));
  const ranges: [number[], number][] = [
    [[0x01, 0x00], 64], // discard
    [[0x20, 0x01, 0x00, 0x00], 32], // Teredo (tunnels to anything)
    [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
    [[0xfc], 7], // unique local
    [[0xfe, 0x80], 10], // link-local
    [[0xfe, 0xc0], 10], // site-local (deprecated)
    [[0xff], 8], // multicast
  ];
  return ranges.some(([prefix, bits]) => startsWith(bytes, prefix, bits));
}

/** For an address as the resolver or the socket reports it (dotted IPv4 or IPv6). */
export function isForbiddenAddress(address: string): boolean {
  if (net.isIPv4(address)) return isForbiddenIpv4(address.split('.').map(Number));
  const v6 = parseIpv6(address);
  // Anything we cannot read is refused (fail closed).
  return v6 === null || isForbiddenIpv6(v6);
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: Localized };

const refuse = (en: string, zh: string): UrlCheck => ({ ok: false, reason: { en, zh } });

/**
 * What can be decided from the address alone, when a webhook is saved: http(s), no
 * credentials, and a host that is neither a forbidden literal address nor a local name. The
 * name's addresses are checked again when connecting (DNS may change).
 */
export function checkWebhookUrl(text: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('not a valid URL', '不是有效的网址');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return refuse('only http and https', '仅支持 http 和 https');
  if (url.username || url.password) return refuse('credentials in the URL', '网址中不能包含用户名或密码');
  const host = url.hostname.toLowerCase();
  if (host === '') return refuse('no host', '缺少主机名');
  if (host.startsWith('[')) {
    const v6 = parseIpv6(host);
    if (!v6 || isForbiddenIpv6(v6))
      return refuse('a private, loopback or link-local address', '内网、回环或链路本地地址');
    return { ok: true, url };
  }
  // The URL parser already turns 2130706433 and 0177.0.0.1 into 127.0.0.1; read them ourselves too.
  if (/^[0-9a-fx.]+$/i.test(host) && /^[0-9]|^0x/i.test(host)) {
    const v4 = parseIpv4(host);
    if (!v4 || isForbiddenIpv4(v4))
      return refuse('a private, loopback or link-local address', '内网、回环或链路本地地址');
    return { ok: true, url };
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || !host.includes('.')) {
    return refuse('a local host name', '本地主机名');
  }
  return { ok: true, url };
}
