import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channels } from '../../../../contracts/customers.ts';
import { type PriceListDetail, priceListKinds } from '../../../../contracts/pricing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { isApiError } from '../../shared/api.ts';
import { documentCurrencies } from '../../shared/currency.ts';
import { businessToday } from '../../shared/format.ts';
import { formatFenAsYuanInput } from '../../shared/money.ts';
import { useDrawerSize } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { useIdempotencyKey } from '../finance/useIdempotencyKey.ts';
import { newLineKey, PriceLinesEditor } from './PricingParts.tsx';
import {
  fetchPriceList,
  pricingKeys,
  type UpdatePriceListInput,
  useCreatePriceList,
  useReplacePriceListItems,
  useUpdatePriceList,
} from './pricing.api.ts';
import {
  canSeeFloorPrice,
  fieldOfServerError,
  isSamePriceSet,
  type PriceLineDraft,
  toPriceInputs,
} from './pricing.rules.ts';

interface PriceListFormValues {
  code: string;
  name: string;
  kind: PriceListDetail['kind'];
  channel: PriceListDetail['channel'] | undefined;
  distributorLevel: number | undefined;
  customerId: number | undefined;
  currency: string;
  validFrom: Dayjs | undefined;
  validUntil: Dayjs | null;
  isActive: boolean;
}

const FIELD_NAMES = [
  'code',
  'name',
  'kind',
  'channel',
  'distributorLevel',
  'customerId',
  'currency',
  'validFrom',
  'validUntil',
  'isActive',
  'items',
] as const;
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const ISO = 'YYYY-MM-DD';

function toFormValues(list: PriceListDetail | undefined): PriceListFormValues {
  return {
    code: list?.code ?? '',
    name: list?.name ?? '',
    kind: list?.kind ?? 'channel',
    channel: list?.channel ?? undefined,
    distributorLevel: list?.distributorLevel ?? undefined,
    customerId: list?.customerId ?? undefined,
    currency: list?.currency ?? 'CNY',
    validFrom: dayjs(list?.validFrom ?? businessToday()),
    validUntil: list?.validUntil ? dayjs(list.validUntil) : null,
    isActive: list?.isActive ?? true,
  };
}

function toLineDrafts(list: PriceListDetail | undefined): PriceLineDraft[] {
  return (list?.items ?? []).map((item) => ({
    key: newLineKey(),
    productId: item.productId,
    price: formatFenAsYuanInput(item.unitPrice),
  }));
}

/** Only what the user changed, with the version read (name, validity and active can change). */
function headerChangesOf(base: PriceListDetail, values: PriceListFormValues): UpdatePriceListInput | null {
  const changes: UpdatePriceListInput = { version: base.version };
  const name = values.name.trim();
  const validFrom = values.validFrom?.format(ISO) ?? base.validFrom;
  const validUntil = values.validUntil ? values.validUntil.format(ISO) : null;
  if (name !== base.name) changes.name = name;
  if (validFrom !== base.validFrom) changes.validFrom = validFrom;
  if (validUntil !== base.validUntil) changes.validUntil = validUntil;
  if (values.isActive !== base.isActive) changes.isActive = values.isActive;
  return Object.keys(changes).length > 1 ? changes : null;
}

export interface PriceListFormDrawerProps {
  priceList?: PriceListDetail;
  onClose: () => void;
  onSaved: (priceList: PriceListDetail) => void;
}

/** Create a price list with its prices, or change an existing one's header and prices. */
export function PriceListFormDrawer({ priceList, onClose, onSaved }: PriceListFormDrawerProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PriceListFormValues>();
  const drawerSize = useDrawerSize(860);
  const keyOf = useIdempotencyKey();
  const [base, setBase] = useState<PriceListDetail | undefined>(priceList);
  const [initialValues] = useState(() => toFormValues(priceList));
  const [lines, setLines] = useState<PriceLineDraft[]>(() => toLineDrafts(priceList));
  const [showProblems, setShowProblems] = useState(false);
  const [linesError, setLinesError] = useState<string | undefined>(undefined);
  const [isReloading, setReloading] = useState(false);
  const [lastError, setLastError] = useState<unknown>(null);
  const create = useCreatePriceList();
  const update = useUpdatePriceList();
  const replace = useReplacePriceListItems();
  const isSaving = create.isPending || update.isPending || replace.isPending;
  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  const channel = Form.useWatch('channel', form);
  const currency = Form.useWatch('currency', form) ?? initialValues.currency;

  function showServerError(error: unknown) {
    setLastError(error);
    if (!isApiError(error)) return;
    const field = fieldOfServerError(error, FIELD_NAMES, { lines: 'items' });
    if (field === 'items') setLinesError(error.message);
    else if (field) form.setFields([{ name: field as keyof PriceListFormValues, errors: [error.message] }]);
  }

  async function submit(values: PriceListFormValues) {
    setShowProblems(true);
    setLinesError(undefined);
    setLastError(null);
    const items = toPriceInputs(lines);
    if (items === null) return;
    try {
      if (!base) {
        const input = {
          code: values.code.trim(),
          name: values.name.trim(),
          kind: values.kind,
          channel: values.kind === 'channel' ? (values.channel ?? null) : null,
          distributorLevel:
            values.kind === 'channel' && values.channel === 'distributor'
              ? (values.distributorLevel ?? null)
              : null,
          customerId: values.kind === 'customer' ? (values.customerId ?? null) : null,
          currency: values.currency,
          validFrom: values.validFrom?.format(ISO) ?? businessToday(),
          validUntil: values.validUntil ? values.validUntil.format(ISO) : null,
          isActive: values.isActive,
          items,
        };
        onSaved(await create.mutateAsync({ input, key: keyOf(input) }));
        return;
      }
      let saved = base;
      const changes = headerChangesOf(base, values);
      if (changes) {
        saved = await update.mutateAsync({ id: base.id, changes });
        setBase(saved);
      }
      if (!isSamePriceSet(base.items, items)) {
        saved = await replace.mutateAsync({ id: base.id, body: { version: saved.version, items } });
        setBase(saved);
      }
      onSaved(saved);
    } catch (error) {
      showServerError(error);
    }
  }

  async function reload() {
    if (!base) return;
    setReloading(true);
    try {
      const latest = await queryClient.fetchQuery({
        queryKey: pricingKeys.priceList(base.id),
        queryFn: ({ signal }) => fetchPriceList(base.id, signal),
        staleTime: 0,
      });
      setBase(latest);
      form.resetFields();
      form.setFieldsValue(toFormValues(latest));
      setLines(toLineDrafts(latest));
      setLastError(null);
      setLinesError(undefined);
    } catch (error) {
      setLastError(error);
    } finally {
      setReloading(false);
    }
  }

  const isFixed = base !== undefined;

  return (
    <Drawer
      open
      size={drawerSize}
      title={base ? t('sales.priceLists.editTitle', { name: base.name }) : t('sales.priceLists.create')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="price-list-save"
            loading={isSaving}
            disabled={isReloading}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <SaveErrorAlert
        error={lastError}
        onReload={() => void reload()}
        isReloading={isReloading}
        testId="price-list-error"
        style={{ marginBottom: 16 }}
      />
      {isFixed && (
        <Alert
          type="info"
          showIcon
          title={t('sales.priceLists.hints.fixedAfterCreate')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<PriceListFormValues>
        form={form}
        layout="vertical"
        data-testid="price-list-form"
        initialValues={initialValues}
        scrollToFirstError
        onFinish={(values) => void submit(values)}
        onFinishFailed={() => setShowProblems(true)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="code"
              label={t('sales.priceLists.fields.code')}
              rules={[
                { required: true, whitespace: true, message: t('sales.priceLists.validation.codeRequired') },
                { max: 40, message: t('common.maxLength', { max: 40 }) },
                { pattern: CODE_PATTERN, message: t('sales.priceLists.validation.codeFormat') },
              ]}
            >
              <Input
                data-testid="price-list-code"
                disabled={isFixed}
                autoFocus={!isFixed}
                autoComplete="off"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="name"
              label={t('sales.priceLists.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('sales.priceLists.validation.nameRequired') },
                { max: 200, message: t('common.maxLength', { max: 200 }) },
              ]}
            >
              <Input data-testid="price-list-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="kind" label={t('sales.priceLists.fields.kind')}>
              <Select
                data-testid="price-list-kind"
                disabled={isFixed}
                options={priceListKinds.map((value) => ({
                  value,
                  label: t(`sales.priceLists.kinds.${value}`),
                }))}
              />
            </Form.Item>
          </Col>
          {kind === 'channel' ? (
            <>
              <Col xs={24} sm={8}>
                <Form.Item
                  name="channel"
                  label={t('sales.priceLists.fields.channel')}
                  rules={[{ required: true, message: t('sales.priceLists.validation.channelRequired') }]}
                >
                  <Select
                    data-testid="price-list-channel"
                    disabled={isFixed}
                    options={channels.map((value) => ({ value, label: t(`customers.channels.${value}`) }))}
                  />
                </Form.Item>
              </Col>
              {channel === 'distributor' && (
                <Col xs={24} sm={8}>
                  <Form.Item name="distributorLevel" label={t('sales.priceLists.fields.distributorLevel')}>
                    <Select<number>
                      allowClear
                      data-testid="price-list-level"
                      disabled={isFixed}
                      placeholder={t('sales.priceLists.allLevels')}
                      options={[1, 2, 3].map((level) => ({
                        value: level,
                        label: t('sales.priceLists.level', { level }),
                      }))}
                    />
                  </Form.Item>
                </Col>
              )}
            </>
          ) : (
            <Col xs={24} sm={16}>
              <Form.Item
                name="customerId"
                label={t('sales.priceLists.fields.customer')}
                rules={[{ required: true, message: t('sales.priceLists.validation.customerRequired') }]}
              >
                <CustomerSelect testId="price-list-customer" disabled={isFixed} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col xs={12} sm={6}>
            <Form.Item name="currency" label={t('sales.priceLists.fields.currency')}>
              <Select
                data-testid="price-list-currency"
                disabled={isFixed}
                options={documentCurrencies.map((code) => ({ value: code, label: code }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="validFrom"
              label={t('sales.priceLists.fields.validFrom')}
              rules={[{ required: true, message: t('sales.priceLists.validation.validFromRequired') }]}
            >
              <DatePicker data-testid="price-list-valid-from" allowClear={false} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="validUntil"
              label={t('sales.priceLists.fields.validUntil')}
              dependencies={['validFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: Dayjs | null) => {
                    const from = getFieldValue('validFrom') as Dayjs | undefined;
                    if (value && from && value.isBefore(from, 'day')) {
                      throw new Error(t('sales.priceLists.validation.validUntilBeforeFrom'));
                    }
                  },
                }),
              ]}
            >
              <DatePicker
                data-testid="price-list-valid-until"
                placeholder={t('sales.validity.openEnded')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="isActive" label={t('sales.priceLists.fields.isActive')} valuePropName="checked">
              <Switch data-testid="price-list-is-active" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Divider titlePlacement="start">{t('sales.priceLists.fields.items')}</Divider>
      {canSeeFloorPrice(user) && (
        <Typography.Paragraph type="secondary">
          {t('sales.priceLists.hints.floorHidden')}
        </Typography.Paragraph>
      )}
      <PriceLinesEditor
        testId="price-list-lines"
        lines={lines}
        onChange={setLines}
        currency={currency}
        showProblems={showProblems}
        canSeeFloor={canSeeFloorPrice(user)}
        serverError={linesError}
      />
    </Drawer>
  );
}
