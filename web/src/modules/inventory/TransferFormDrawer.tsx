import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Drawer, Flex, Form, InputNumber, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { StockBalance, Transfer } from '../../../../contracts/inventory.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useDrawerSize } from '../../shared/responsive.ts';
import { useCreateTransfer } from './inventory.api.ts';
import { StockRowSelect, WarehouseSelect } from './pickers.tsx';

interface TransferLineValues {
  stockKey: string | undefined;
  row: StockBalance | undefined;
  quantity: number | null;
}

interface TransferFormValues {
  fromWarehouseId: number | undefined;
  toWarehouseId: number | undefined;
  dispatchedOn: Dayjs | null;
  lines: TransferLineValues[];
}

const emptyLine: TransferLineValues = { stockKey: undefined, row: undefined, quantity: null };

export function TransferFormDrawer({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (transfer: Transfer) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransferFormValues>();
  const drawerSize = useDrawerSize(640);
  const create = useCreateTransfer();
  const fromWarehouseId = Form.useWatch('fromWarehouseId', form);

  async function submit() {
    // Every stored value, including each line's stock row (kept beside its picker, not a field of its own).
    const values = form.getFieldsValue(true) as TransferFormValues;
    try {
      const saved = await create.mutateAsync({
        fromWarehouseId: values.fromWarehouseId ?? 0,
        toWarehouseId: values.toWarehouseId ?? 0,
        dispatchedOn: values.dispatchedOn?.format('YYYY-MM-DD'),
        lines: values.lines.map((line) => ({
          lotId: line.row?.lotId ?? 0,
          serial: line.row?.serial ?? '',
          quantity: line.quantity ?? 0,
        })),
      });
      onSaved(saved);
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Drawer
      open
      size={drawerSize}
      title={t('inventory.transfers.new')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="transfer-save"
            loading={create.isPending}
            onClick={() => form.submit()}
          >
            {t('inventory.transfers.dispatch')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={create.error} testId="transfer-error" style={{ marginBottom: 16 }} />
      <Form<TransferFormValues>
        form={form}
        layout="vertical"
        data-testid="transfer-form"
        initialValues={{ lines: [emptyLine], dispatchedOn: null }}
        onFinish={submit}
        onValuesChange={(changed: Partial<TransferFormValues>) => {
          // Lines are stock of the source warehouse: another source starts them again.
          if ('fromWarehouseId' in changed) form.setFieldValue('lines', [emptyLine]);
        }}
        scrollToFirstError
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="fromWarehouseId"
            label={t('inventory.transfers.from')}
            rules={[{ required: true, message: t('inventory.validation.warehouseRequired') }]}
            style={{ flex: '1 1 200px' }}
          >
            <WarehouseSelect testId="transfer-from" />
          </Form.Item>
          <Form.Item
            name="toWarehouseId"
            label={t('inventory.transfers.to')}
            dependencies={['fromWarehouseId']}
            rules={[
              { required: true, message: t('inventory.validation.warehouseRequired') },
              ({ getFieldValue }) => ({
                validator: (_rule, value: number | undefined) =>
                  value !== undefined && value === getFieldValue('fromWarehouseId')
                    ? Promise.reject(new Error(t('inventory.validation.sameWarehouse')))
                    : Promise.resolve(),
              }),
            ]}
            style={{ flex: '1 1 200px' }}
          >
            <WarehouseSelect testId="transfer-to" exclude={fromWarehouseId} />
          </Form.Item>
        </Flex>
        <Form.Item name="dispatchedOn" label={t('inventory.transfers.dispatchedOn')}>
          <DatePicker data-testid="transfer-date" style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Title level={5}>{t('inventory.transfers.lines')}</Typography.Title>
        <Form.List
          name="lines"
          rules={[
            {
              validator: (_rule, lines: TransferLineValues[]) =>
                lines.length > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('inventory.validation.linesRequired'))),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={8}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  data-testid={`transfer-line-${index}`}
                  title={t('inventory.transfers.lineTitle', { index: index + 1 })}
                  extra={
                    fields.length > 1 && (
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('common.delete')}
                        onClick={() => remove(field.name)}
                      />
                    )
                  }
                >
                  <Form.Item
                    name={[field.name, 'stockKey']}
                    label={t('inventory.transfers.stockLine')}
                    rules={[{ required: true, message: t('inventory.validation.lotRequired') }]}
                  >
                    <StockRowSelect
                      testId={`transfer-line-${index}-stock`}
                      warehouseId={fromWarehouseId}
                      placeholder={
                        fromWarehouseId === undefined
                          ? t('inventory.transfers.pickSourceFirst')
                          : t('inventory.transfers.stockPlaceholder')
                      }
                      style={{ width: '100%' }}
                      onChange={(key, row) => {
                        form.setFieldValue(['lines', field.name, 'stockKey'], key);
                        form.setFieldValue(['lines', field.name, 'row'], row);
                      }}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const row = form.getFieldValue(['lines', field.name, 'row']) as
                        | StockBalance
                        | undefined;
                      return (
                        <Form.Item
                          name={[field.name, 'quantity']}
                          label={t('inventory.fields.quantity')}
                          extra={
                            row ? t('inventory.fields.availableCount', { count: row.available }) : undefined
                          }
                          rules={[
                            { required: true, message: t('inventory.validation.quantityRequired') },
                            {
                              validator: (_rule, value: number | null) =>
                                row && value !== null && value > row.available
                                  ? Promise.reject(
                                      new Error(
                                        t('inventory.validation.overAvailable', { count: row.available }),
                                      ),
                                    )
                                  : Promise.resolve(),
                            },
                          ]}
                          style={{ marginBottom: 0 }}
                        >
                          <InputNumber<number>
                            data-testid={`transfer-line-${index}-quantity`}
                            precision={0}
                            min={1}
                            max={10_000_000}
                            style={{ width: '100%' }}
                          />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                data-testid="transfer-add-line"
                onClick={() => add(emptyLine)}
              >
                {t('inventory.transfers.addLine')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
