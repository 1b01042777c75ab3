import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Approval,
  ApprovalPolicy,
  AutomationRule,
  approvalPage,
  automationRunPage,
  CreateDelegationRequest,
  Delegation,
  documentTypes,
  notificationPage,
  PolicyDefinition,
  peopleList,
  Task,
  TestPolicyResponse,
  testPolicyRequest,
  UpdateAutomationRuleRequest,
  Webhook,
  WorkflowCounts,
  webhookDeliveryPage,
  webhookWithSecret,
} from '../../../../contracts/workflow.ts';
import { apiDelete, apiGet, apiPatch, apiPost, apiPut } from '../../shared/api.ts';

export type DocumentType = (typeof documentTypes)[number];
export type TaskPage = { items: Task[]; total: number; page: number; pageSize: number };
export type NotificationPage = z.infer<typeof notificationPage>;
export type ApprovalPage = z.infer<typeof approvalPage>;
export type Person = z.infer<typeof peopleList>['items'][number];
export type WebhookWithSecret = z.infer<typeof webhookWithSecret>;
export type DeliveryPage = z.infer<typeof webhookDeliveryPage>;
export type RunPage = z.infer<typeof automationRunPage>;
export type TestPolicyInput = z.input<typeof testPolicyRequest>;

export const workflowKeys = {
  all: ['workflow'] as const,
  counts: ['workflow', 'counts'] as const,
  tasks: (status: string) => ['workflow', 'tasks', status] as const,
  notifications: ['workflow', 'notifications'] as const,
  approvals: (params: Record<string, string | number | boolean | undefined>) =>
    ['workflow', 'approvals', params] as const,
  approval: (id: number) => ['workflow', 'approval', id] as const,
  delegations: ['workflow', 'delegations'] as const,
  people: (q: string) => ['workflow', 'people', q] as const,
  policy: (type: DocumentType) => ['workflow', 'policy', type] as const,
  policyVersions: (type: DocumentType) => ['workflow', 'policy', type, 'versions'] as const,
  rules: ['workflow', 'rules'] as const,
  runs: ['workflow', 'runs'] as const,
  webhooks: ['workflow', 'webhooks'] as const,
  deliveries: (id: number) => ['workflow', 'webhooks', id, 'deliveries'] as const,
};

/** Counts for the header: polled, so a new task shows without a reload. */
export function useWorkflowCounts() {
  return useQuery({
    queryKey: workflowKeys.counts,
    queryFn: ({ signal }) => apiGet<WorkflowCounts>('/api/workflow/counts', { signal }),
    refetchInterval: 30_000,
  });
}

export function useTasks(status: 'open' | 'done') {
  return useQuery({
    queryKey: workflowKeys.tasks(status),
    queryFn: ({ signal }) =>
      apiGet<TaskPage>('/api/workflow/tasks', { signal, query: { status, pageSize: 100 } }),
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: workflowKeys.notifications,
    queryFn: ({ signal }) =>
      apiGet<NotificationPage>('/api/workflow/notifications', { signal, query: { pageSize: 15 } }),
    enabled,
  });
}

function useInvalidateWorkflow() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: workflowKeys.all });
}

export function useMarkRead() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: (id: number | 'all') =>
      apiPost<void>(
        id === 'all' ? '/api/workflow/notifications/read-all' : `/api/workflow/notifications/${id}/read`,
      ),
    onSuccess: invalidate,
  });
}

export function useCompleteTask() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: (id: number) => apiPost<void>(`/api/workflow/tasks/${id}/complete`),
    onSuccess: invalidate,
  });
}

export function useMyApprovals() {
  const params = { mine: 'true', pageSize: 100 };
  return useQuery({
    queryKey: workflowKeys.approvals(params),
    queryFn: ({ signal }) => apiGet<ApprovalPage>('/api/workflow/approvals', { signal, query: params }),
  });
}

export function useApproval(id: number) {
  return useQuery({
    queryKey: workflowKeys.approval(id),
    queryFn: ({ signal }) => apiGet<Approval>(`/api/workflow/approvals/${id}`, { signal }),
  });
}

export type ApprovalAction =
  | { kind: 'approve' | 'return' | 'withdraw' | 'reject'; comment: string }
  | { kind: 'add-signer'; userId: number; comment: string }
  | { kind: 'resubmit'; comment: string };

export function useApprovalAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: ApprovalAction }) => {
      const { kind, ...body } = action;
      return apiPost<Approval>(`/api/workflow/approvals/${id}/${kind}`, body);
    },
    onSuccess: (approval) => {
      queryClient.setQueryData(workflowKeys.approval(approval.id), approval);
      return queryClient.invalidateQueries({ queryKey: workflowKeys.all });
    },
  });
}

export function useDelegations() {
  return useQuery({
    queryKey: workflowKeys.delegations,
    queryFn: ({ signal }) =>
      apiGet<{ items: Delegation[] }>('/api/workflow/delegations', { signal }).then((r) => r.items),
  });
}

export function useCreateDelegation() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: (input: CreateDelegationRequest) => apiPost<Delegation>('/api/workflow/delegations', input),
    onSuccess: invalidate,
  });
}

export function useRevokeDelegation() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/workflow/delegations/${id}`),
    onSuccess: invalidate,
  });
}

export function usePeople(q: string) {
  return useQuery({
    queryKey: workflowKeys.people(q),
    queryFn: ({ signal }) =>
      apiGet<{ items: Person[] }>('/api/workflow/people', { signal, query: { q: q || undefined } }).then(
        (r) => r.items,
      ),
    staleTime: 60_000,
  });
}

// ---------------------------------------------------------------------------------------
// Administration

export function usePolicy(type: DocumentType) {
  return useQuery({
    queryKey: workflowKeys.policy(type),
    queryFn: ({ signal }) => apiGet<ApprovalPolicy>(`/api/workflow/policies/${type}`, { signal }),
  });
}

export function usePolicyVersions(type: DocumentType) {
  return useQuery({
    queryKey: workflowKeys.policyVersions(type),
    queryFn: ({ signal }) =>
      apiGet<{ items: ApprovalPolicy[] }>(`/api/workflow/policies/${type}/versions`, { signal }).then(
        (r) => r.items,
      ),
  });
}

export function useSavePolicy(type: DocumentType) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { definition: PolicyDefinition; note: string | null; baseVersion: number }) =>
      apiPut<ApprovalPolicy>(`/api/workflow/policies/${type}`, input),
    onSuccess: (policy) => {
      queryClient.setQueryData(workflowKeys.policy(type), policy);
      return queryClient.invalidateQueries({ queryKey: workflowKeys.policyVersions(type) });
    },
  });
}

export function useTestPolicy(type: DocumentType) {
  return useMutation({
    mutationFn: (input: TestPolicyInput) =>
      apiPost<TestPolicyResponse>(`/api/workflow/policies/${type}/test`, input),
  });
}

export function useRules() {
  return useQuery({
    queryKey: workflowKeys.rules,
    queryFn: ({ signal }) =>
      apiGet<{ items: AutomationRule[] }>('/api/workflow/automation/rules', { signal }).then((r) => r.items),
  });
}

export function useUpdateRule() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: UpdateAutomationRuleRequest }) =>
      apiPatch<AutomationRule>(`/api/workflow/automation/rules/${id}`, changes),
    onSuccess: invalidate,
  });
}

export function useRunRule() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: (id: number) => apiPost<{ fired: number }>(`/api/workflow/automation/rules/${id}/run`),
    onSuccess: invalidate,
  });
}

export function useRuns() {
  return useQuery({
    queryKey: workflowKeys.runs,
    queryFn: ({ signal }) =>
      apiGet<RunPage>('/api/workflow/automation/runs', { signal, query: { pageSize: 50 } }),
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: workflowKeys.webhooks,
    queryFn: ({ signal }) =>
      apiGet<{ items: Webhook[] }>('/api/workflow/webhooks', { signal }).then((r) => r.items),
  });
}

export function useSaveWebhook() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: object }) =>
      id === null
        ? apiPost<WebhookWithSecret>('/api/workflow/webhooks', body)
        : apiPatch<Webhook | WebhookWithSecret>(`/api/workflow/webhooks/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteWebhook() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: (id: number) => apiDelete<void>(`/api/workflow/webhooks/${id}`),
    onSuccess: invalidate,
  });
}

export function usePingWebhook() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: (id: number) => apiPost<{ deliveryId: number }>(`/api/workflow/webhooks/${id}/ping`),
    onSuccess: invalidate,
  });
}

export function useDeliveries(id: number) {
  return useQuery({
    queryKey: workflowKeys.deliveries(id),
    queryFn: ({ signal }) =>
      apiGet<DeliveryPage>(`/api/workflow/webhooks/${id}/deliveries`, { signal, query: { pageSize: 20 } }),
  });
}

export function useRetryDelivery() {
  const invalidate = useInvalidateWorkflow();
  return useMutation({
    mutationFn: ({ webhookId, deliveryId }: { webhookId: number; deliveryId: number }) =>
      apiPost<void>(`/api/workflow/webhooks/${webhookId}/deliveries/${deliveryId}/retry`),
    onSuccess: invalidate,
  });
}
