import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import type { CurrentUser, Language, LoginRequest, MeResponse } from '../../../contracts/auth.ts';
import { ApiError, apiGet, apiPatch, apiPost, setUnauthorizedHandler } from '../shared/api.ts';
import { changeLanguage, getCurrentLanguage, readSavedLanguage } from './i18n.ts';

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in user, or null when there is no valid session. */
async function fetchCurrentUser(): Promise<CurrentUser | null> {
  try {
    const { user } = await apiGet<MeResponse>('/api/auth/me', { ignoreUnauthorized: true });
    return user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

async function saveLanguageOnServer(language: Language): Promise<boolean> {
  try {
    await apiPatch<unknown>('/api/auth/me', { language }, { ignoreUnauthorized: true });
    return true;
  } catch {
    // The preference is a convenience; the local choice already applies.
    return false;
  }
}

/** Drops the user and every cached answer. The me query is kept (set to null) because it stays observed. */
function forgetSession(queryClient: QueryClient): void {
  queryClient.setQueryData(meQueryKey, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
}

interface AuthState {
  user: CurrentUser | null;
  isLoading: boolean;
  error: Error | null;
  refetch: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: meQueryKey, queryFn: fetchCurrentUser, staleTime: 5 * 60_000 });
  const user = me.data ?? null;

  // Any 401 means the session is gone: drop cached data; the route guard then shows /login.
  useEffect(() => setUnauthorizedHandler(() => forgetSession(queryClient)), [queryClient]);

  // The choice saved in this browser wins; otherwise adopt the preference stored on the server.
  useEffect(() => {
    if (!user) return;
    const saved = readSavedLanguage();
    if (saved && saved !== user.language) void saveLanguageOnServer(saved);
    if (!saved && user.language && user.language !== getCurrentLanguage()) {
      void changeLanguage(user.language, { save: true });
    }
  }, [user]);

  const { isLoading, error, refetch } = me;
  const value = useMemo<AuthState>(
    () => ({ user, isLoading, error, refetch: () => void refetch() }),
    [user, isLoading, error, refetch],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>');
  return state;
}

/** For pages behind the route guard, where a user is always present. */
export function useCurrentUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser must be used behind <RequireAuth>');
  return user;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (credentials: LoginRequest): Promise<CurrentUser> => {
      await apiPost<unknown>('/api/auth/login', credentials, { ignoreUnauthorized: true });
      const user = await queryClient.fetchQuery({
        queryKey: meQueryKey,
        queryFn: fetchCurrentUser,
        staleTime: 0,
      });
      // Login succeeded but the browser did not keep the session cookie.
      if (!user) throw new ApiError(401, 'SESSION_NOT_STORED', i18next.t('auth.sessionNotStored'));
      return user;
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => apiPost<unknown>('/api/auth/logout', undefined, { ignoreUnauthorized: true }),
    // Leave even if the call failed: the user asked to go, and stale data must not stay on screen.
    onSettled: () => {
      void navigate('/login', { replace: true });
      forgetSession(queryClient);
    },
  });
}

/** Switches the UI language now, remembers it here, and on the server when signed in. */
export function useLanguageSwitcher(): (language: Language) => Promise<void> {
  const queryClient = useQueryClient();
  const { user } = useAuth();
  return useCallback(
    async (language: Language) => {
      await changeLanguage(language, { save: true });
      if (!user) return;
      if (await saveLanguageOnServer(language)) {
        queryClient.setQueryData<CurrentUser | null>(meQueryKey, (current) =>
          current ? { ...current, language } : current,
        );
      }
      // Server texts in cached answers (messages, labels) follow the new language.
      await queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    },
    [queryClient, user],
  );
}
