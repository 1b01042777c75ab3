import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, UnorderedListOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Flex,
  Popconfirm,
  Result,
  Skeleton,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Customer } from '../../../../contracts/customers.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { CustomerCreditTab } from '../credit/CustomerCreditTab.tsx';
import { CustomerStatementTab } from '../finance/statements/CustomerStatementTab.tsx';
import { CustomerFormDrawer } from './CustomerFormDrawer.tsx';
import { useCustomer, useDeleteCustomer } from './customers.api.ts';
import { customerTypeColours, describeCustomerType, levelKey } from './customers.labels.ts';
import { QualificationsTab } from './QualificationsTab.tsx';

const TABS = ['overview', 'qualifications', 'statement', 'credit'] as const;
type TabKey = (typeof TABS)[number];

export function CustomerDetailPage() {
  const { id } = useParams();
  const customerId = Number(id);
  if (!Number.isInteger(customerId) || customerId <= 0) return <NotFoundPage />;
  return <CustomerDetail customerId={customerId} />;
}

function CustomerDetail({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const customer = useCustomer(customerId);
  const deleteCustomer = useDeleteCustomer();
  const [isEditing, setEditing] = useState(false);
  const canWrite = user.permissions.includes('customers:write');
  const canSeeOrders = user.permissions.includes('orders:read');
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.find((key) => key === tabParam) ?? 'overview';

  const backLink = (
    <Link to="/customers" data-testid="customer-back">
      <ArrowLeftOutlined /> {t('customers.backToList')}
    </Link>
  );

  if (customer.isLoading) return <Skeleton active />;
  if (!customer.data) {
    const isMissing = isApiError(customer.error) && customer.error.status === 404;
    return isMissing ? (
      <Result status="404" title={t('customers.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={customer.error} />
      </Flex>
    );
  }

  const data = customer.data;

  async function remove() {
    try {
      await deleteCustomer.mutateAsync(data.id);
      void message.success(t('common.deleted'));
      void navigate('/customers', { replace: true });
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const { type, detail } = describeCustomerType(data, t);

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-title">
              {data.name}
            </Typography.Title>
            <Tag color={customerTypeColours[data.type]}>{type}</Tag>
            {detail && <Tag>{detail}</Tag>}
            {!data.isActive && <Tag>{t('common.inactive')}</Tag>}
          </Flex>
        }
        extra={
          <Flex gap={8}>
            {canSeeOrders && (
              // The order list, filtered to this customer (the list keeps its filters in the URL).
              <Button
                icon={<UnorderedListOutlined />}
                data-testid="customer-orders"
                aria-label={t('customers.orders')}
                onClick={() => void navigate(`/orders?customerId=${data.id}`)}
              >
                {isMobile ? null : t('customers.orders')}
              </Button>
            )}
            {canWrite && (
              <>
                <Button
                  icon={<EditOutlined />}
                  data-testid="customer-edit"
                  aria-label={t('common.edit')}
                  onClick={() => setEditing(true)}
                >
                  {isMobile ? null : t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('customers.deleteConfirm', { name: data.name })}
                  description={t('customers.deleteHint')}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={remove}
                >
                  <Button
                    danger
                    icon={<DeleteOutlined />}
                    data-testid="customer-delete"
                    aria-label={t('common.delete')}
                  >
                    {isMobile ? null : t('common.delete')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </Flex>
        }
      >
        <Tabs
          activeKey={tab}
          onChange={(key) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                if (key === 'overview') next.delete('tab');
                else next.set('tab', key);
                return next;
              },
              { replace: true },
            )
          }
          items={[
            {
              key: 'overview',
              label: t('customers.tabs.overview'),
              children: <CustomerDescriptions customer={data} />,
            },
            {
              key: 'qualifications',
              label: (
                <span data-testid="customer-tab-qualifications">{t('customers.tabs.qualifications')}</span>
              ),
              children: <QualificationsTab customerId={data.id} customerType={data.type} />,
            },
            ...(user.permissions.includes('finance:read')
              ? [
                  {
                    key: 'statement',
                    label: <span data-testid="customer-tab-statement">{t('finance.statement.tab')}</span>,
                    children: <CustomerStatementTab customerId={data.id} />,
                  },
                ]
              : []),
            ...(user.permissions.includes('credit:read')
              ? [
                  {
                    key: 'credit',
                    label: <span data-testid="customer-tab-credit">{t('credit.nav.group')}</span>,
                    children: <CustomerCreditTab customerId={data.id} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {isEditing && (
        <CustomerFormDrawer
          customer={data}
          onClose={() => setEditing(false)}
          onSaved={() => {
            void message.success(t('common.saved'));
            setEditing(false);
          }}
        />
      )}
    </Flex>
  );
}

function CustomerDescriptions({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const text = (value: string | null) => value ?? EMPTY_VALUE;
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: t('customers.fields.code'), children: customer.code },
    { key: 'name', label: t('customers.fields.name'), children: customer.name },
    { key: 'type', label: t('customers.fields.type'), children: t(`customers.types.${customer.type}`) },
  ];
  if (customer.type === 'hospital') {
    items.push({
      key: 'hospitalGrade',
      label: t('customers.fields.hospitalGrade'),
      children: customer.hospitalGrade ? t(`customers.grades.${customer.hospitalGrade}`) : EMPTY_VALUE,
    });
  }
  if (customer.type === 'distributor') {
    items.push({
      key: 'distributorLevel',
      label: t('customers.fields.distributorLevel'),
      children: customer.distributorLevel
        ? t(`customers.levels.${levelKey(customer.distributorLevel)}`)
        : EMPTY_VALUE,
    });
  }
  items.push(
    {
      key: 'channel',
      label: t('customers.fields.channel'),
      children: t(`customers.channels.${customer.channel}`),
    },
    { key: 'region', label: t('customers.fields.region'), children: customer.regionName },
    { key: 'taxId', label: t('customers.fields.taxId'), children: text(customer.taxId) },
    { key: 'owner', label: t('customers.fields.owner'), children: text(customer.ownerRepName) },
    { key: 'contactName', label: t('customers.fields.contactName'), children: text(customer.contactName) },
    { key: 'contactPhone', label: t('customers.fields.contactPhone'), children: text(customer.contactPhone) },
    {
      key: 'paymentTermsDays',
      label: t('customers.fields.paymentTermsDays'),
      children: t('common.days', { count: customer.paymentTermsDays }),
    },
    {
      key: 'minShelfLifeDays',
      label: t('customers.fields.minShelfLifeDays'),
      children: t('common.days', { count: customer.minShelfLifeDays }),
    },
    {
      key: 'isTarget',
      label: t('customers.fields.isTarget'),
      children: customer.isTarget ? t('common.yes') : t('common.no'),
    },
    {
      key: 'isActive',
      label: t('customers.fields.isActive'),
      children: customer.isActive ? t('common.active') : t('common.inactive'),
    },
    {
      key: 'updatedAt',
      label: t('customers.fields.updatedAt'),
      children: formatDateTime(customer.updatedAt, lang),
    },
    {
      key: 'address',
      label: t('customers.fields.address'),
      children: text(customer.address),
      span: 'filled',
    },
  );
  return (
    <Descriptions
      data-testid="customer-descriptions"
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
      items={items}
    />
  );
}
