import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateExchangeRateRequest,
  ExchangeRate,
  ExchangeRateLookup,
  exchangeRatePage,
} from '../../../../../contracts/exchange-rates.ts';
import { apiGet, apiPost, apiPut } from '../../../shared/api.ts';

type ExchangeRatePage = z.infer<typeof exchangeRatePage>;
export type ListParams = Record<string, string | number | boolean | undefined>;

const RATES = 'exchange-rates';

export const exchangeRateKeys = {
  all: [RATES] as const,
  list: (params: ListParams) => [RATES, 'list', params] as const,
  lookup: (currency: string, date: string) => [RATES, 'lookup', currency, date] as const,
};

export function useExchangeRateList(params: ListParams) {
  return useQuery({
    queryKey: exchangeRateKeys.list(params),
    queryFn: ({ signal }) => apiGet<ExchangeRatePage>('/api/exchange-rates', { signal, query: params }),
    placeholderData: keepPreviousData,
  });
}

/** The rate a document of this currency and date takes (the server's one rule). */
export function useExchangeRateLookup(currency: string, date: string | undefined) {
  return useQuery({
    queryKey: exchangeRateKeys.lookup(currency, date ?? ''),
    queryFn: ({ signal }) =>
      apiGet<ExchangeRateLookup>('/api/exchange-rates/lookup', { signal, query: { currency, date } }),
    enabled: Boolean(date),
    retry: false,
  });
}

export function useSaveExchangeRate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ input, replace }: { input: CreateExchangeRateRequest; replace: boolean }) =>
      replace
        ? apiPut<ExchangeRate>(`/api/exchange-rates/${input.currency}/${input.rateDate}`, {
            rate: input.rate,
          })
        : apiPost<ExchangeRate>('/api/exchange-rates', input),
    onSuccess: () => client.invalidateQueries({ queryKey: exchangeRateKeys.all }),
  });
}
