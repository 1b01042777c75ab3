import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { CollectionContact } from '../../../../contracts/collections.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatMoney } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useCollectionContacts } from './credit.api.ts';

const promiseColours = { open: 'gold', kept: 'green', broken: 'red' } as const;

/** The customer's collection contacts, newest first, with the promises to pay and how they ended. */
export function CollectionLog({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const contacts = useCollectionContacts(customerId);
  const columns: ColumnsType<CollectionContact> = [
    {
      key: 'date',
      title: t('credit.collections.fields.contactedOn'),
      width: 110,
      render: (_v, c) => formatDate(c.contactedOn, lang),
    },
    {
      key: 'channel',
      title: t('credit.collections.fields.channel'),
      width: 80,
      render: (_v, c) => t(`credit.collections.channels.${c.channel}`),
    },
    {
      key: 'person',
      title: t('credit.collections.fields.contactPerson'),
      dataIndex: 'contactPerson',
      width: 120,
    },
    {
      key: 'note',
      title: t('credit.collections.fields.note'),
      width: 240,
      render: (_v, c) => (
        <>
          {c.note ?? EMPTY_VALUE}
          {c.invoiceNumber && <Typography.Text type="secondary"> · {c.invoiceNumber}</Typography.Text>}
        </>
      ),
    },
    {
      key: 'promise',
      title: t('credit.collections.fields.promise'),
      width: 220,
      render: (_v, c) =>
        c.promiseStatus && c.promisedOn && c.promisedFen !== null ? (
          <>
            {formatMoney(c.promisedFen, lang)} · {formatDate(c.promisedOn, lang)}{' '}
            <Tag color={promiseColours[c.promiseStatus]}>
              {t(`credit.collections.promiseStatuses.${c.promiseStatus}`)}
            </Tag>
          </>
        ) : (
          EMPTY_VALUE
        ),
    },
    { key: 'by', title: t('credit.collections.fields.loggedBy'), dataIndex: 'loggedByName', width: 100 },
  ];
  return (
    <>
      <ErrorAlert error={contacts.error} />
      <Table<CollectionContact>
        data-testid="collection-log"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={contacts.data?.items ?? []}
        loading={contacts.isFetching}
        locale={{ emptyText: t('credit.collections.noContacts') }}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
      />
    </>
  );
}
