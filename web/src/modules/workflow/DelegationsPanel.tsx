import { App, Button, DatePicker, Flex, Form, Input, List, Popconfirm, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDate } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { PeopleSelect } from './PeopleSelect.tsx';
import { useCreateDelegation, useDelegations, useRevokeDelegation } from './workflow.api.ts';

interface DelegationForm {
  delegateId: number;
  dates: [Dayjs, Dayjs];
  reason?: string;
}

/** Out of office: who may approve for me, on which dates. */
export function DelegationsPanel() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const delegations = useDelegations();
  const create = useCreateDelegation();
  const revoke = useRevokeDelegation();
  const [form] = Form.useForm<DelegationForm>();

  async function submit(values: DelegationForm) {
    try {
      await create.mutateAsync({
        delegateId: values.delegateId,
        startsOn: values.dates[0].format('YYYY-MM-DD'),
        endsOn: values.dates[1].format('YYYY-MM-DD'),
        reason: values.reason?.trim() || null,
      });
      form.resetFields();
      void message.success(t('common.created'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('workflow.delegations.intro')}</Typography.Text>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        style={{ maxWidth: 520 }}
      >
        <Form.Item name="delegateId" label={t('workflow.delegations.delegate')} rules={[{ required: true }]}>
          <PeopleSelect testId="delegation-delegate" />
        </Form.Item>
        <Form.Item name="dates" label={t('workflow.delegations.dates')} rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('workflow.delegations.reason')}>
          <Input maxLength={300} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('workflow.delegations.add')}
        </Button>
      </Form>
      {delegations.error ? (
        <ErrorAlert error={delegations.error} />
      ) : (
        <List
          loading={delegations.isLoading}
          dataSource={delegations.data ?? []}
          locale={{ emptyText: t('workflow.delegations.empty') }}
          renderItem={(d) => (
            <List.Item
              actions={[
                <Popconfirm
                  key="revoke"
                  title={t('common.confirmDelete')}
                  onConfirm={() => revoke.mutate(d.id)}
                >
                  <Button size="small">{t('workflow.delegations.revoke')}</Button>
                </Popconfirm>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Flex gap={8} align="center">
                    {d.delegate.displayName}
                    {d.isActiveToday && <Tag color="green">{t('workflow.delegations.activeToday')}</Tag>}
                  </Flex>
                }
                description={`${formatDate(d.startsOn, lang)} – ${formatDate(d.endsOn, lang)}${d.reason ? ` · ${d.reason}` : ''}`}
              />
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
