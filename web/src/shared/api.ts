import type { ErrorResponse } from '../../../contracts/common.ts';

/** An error answer from the API (or a failure to reach it: status 0, code NETWORK_ERROR). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  signal?: AbortSignal;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Handle a 401 yourself (e.g. wrong password on login) instead of being sent to the login page. */
  ignoreUnauthorized?: boolean;
}

let getLanguage: () => string = () => 'zh-CN';
let onUnauthorized: (() => void) | null = null;

/** Where the Accept-Language of every request comes from (the UI language). */
export function setApiLanguageSource(source: () => string): void {
  getLanguage = source;
}

/** Called on any 401 answer, unless the request opted out; returns a function that removes it. */
export function setUnauthorizedHandler(handler: () => void): () => void {
  onUnauthorized = handler;
  return () => {
    if (onUnauthorized === handler) onUnauthorized = null;
  };
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) params.append(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function send(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLanguage(),
    ...options.headers,
  };
  // No Content-Type without a body: Fastify rejects an empty body declared as JSON.
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  try {
    return await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
}

async function toApiError(response: Response, options: RequestOptions): Promise<ApiError> {
  const payload = await readBody(response);
  if (response.status === 401 && !options.ignoreUnauthorized) onUnauthorized?.();
  if (isErrorResponse(payload)) {
    const { code, message, details } = payload.error;
    return new ApiError(response.status, code, message, details);
  }
  return new ApiError(response.status, 'HTTP_ERROR', '');
}

async function request<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const response = await send(method, path, body, options);
  if (!response.ok) throw await toApiError(response, options);
  return (await readBody(response)) as T;
}

export function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>('GET', path, undefined, options);
}

export function apiPost<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('POST', path, body, options);
}

export function apiPatch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('PATCH', path, body, options);
}

export function apiPut<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('PUT', path, body, options);
}

export function apiDelete<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>('DELETE', path, undefined, options);
}

export interface DownloadedFile {
  blob: Blob;
  /** From Content-Disposition; the fallback when the server names none. */
  filename: string;
}

function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // Fall through to the plain form.
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Fetches a file (an export) so that an error answer becomes an ApiError shown in the page,
 * instead of a browser tab full of JSON.
 */
export async function apiDownload(
  path: string,
  fallbackName: string,
  options: RequestOptions = {},
): Promise<DownloadedFile> {
  const response = await send('GET', path, undefined, {
    ...options,
    headers: { Accept: '*/*', ...options.headers },
  });
  if (!response.ok) throw await toApiError(response, options);
  const blob = await response.blob();
  return { blob, filename: filenameFrom(response.headers.get('content-disposition'), fallbackName) };
}

/** Like apiDownload, for an export whose parameters are a JSON body (e.g. an analytics query). */
export async function apiDownloadPost(
  path: string,
  body: unknown,
  fallbackName: string,
  options: RequestOptions = {},
): Promise<DownloadedFile> {
  const response = await send('POST', path, body, {
    ...options,
    headers: { Accept: '*/*', ...options.headers },
  });
  if (!response.ok) throw await toApiError(response, options);
  const blob = await response.blob();
  return { blob, filename: filenameFrom(response.headers.get('content-disposition'), fallbackName) };
}
