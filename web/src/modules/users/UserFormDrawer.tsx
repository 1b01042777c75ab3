import { Alert, Col, Form, Input, Row, Select, Switch } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roles as allRoles, type Role } from '../../../../contracts/auth.ts';
import type { User } from '../../../../contracts/users.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { FormDrawerShell } from '../../shared/FormDrawerShell.tsx';
import { useVersionedSave } from '../../shared/useVersionedSave.ts';
import { RegionTreeMultiSelect } from '../regions/index.ts';
import {
  type CreateUserInput,
  fetchUser,
  type UpdateUserInput,
  useCreateUser,
  useCustomerRecord,
  useDistributorSearch,
  userKeys,
  useUpdateUser,
} from './users.api.ts';
import { needsDistributor, userChanges } from './users.rules.ts';

interface UserFormValues {
  username: string;
  displayName: string;
  password: string;
  passwordConfirm: string;
  roles: Role[];
  regionIds: number[];
  distributorId: number | null;
  managerId: number | null;
  email: string;
  phone: string;
  isActive: boolean;
}

const FIELD_NAMES = [
  'username',
  'displayName',
  'password',
  'roles',
  'regionIds',
  'distributorId',
  'managerId',
  'email',
  'phone',
  'isActive',
] as const;

const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,60}$/;
const MIN_PASSWORD = 10;

function toFormValues(user: User | undefined): UserFormValues {
  return {
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    password: '',
    passwordConfirm: '',
    roles: user?.roles ?? [],
    regionIds: user?.regionIds ?? [],
    distributorId: user?.distributorId ?? null,
    managerId: user?.managerId ?? null,
    email: user?.email ?? '',
    phone: user?.phone ?? '',
    isActive: user?.isActive ?? true,
  };
}

const textOrNull = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** Picks a distributor by typing part of its name or code; the server does the searching. */
function DistributorSelect({
  value,
  onChange,
  id,
}: {
  value?: number | null;
  onChange?: (value: number | null) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const found = useDistributorSearch(q);
  const current = useCustomerRecord(value ?? null);
  const options = useMemo(() => {
    const list = (found.data ?? []).map((customer) => ({
      value: customer.id,
      label: `${customer.name} (${customer.code})`,
    }));
    // The chosen distributor keeps its name even when the search no longer lists it.
    if (current.data && !list.some((option) => option.value === current.data.id)) {
      list.unshift({ value: current.data.id, label: `${current.data.name} (${current.data.code})` });
    }
    return list;
  }, [found.data, current.data]);

  return (
    <Select<number>
      id={id}
      data-testid="user-distributor"
      showSearch={{ filterOption: false, onSearch: setTyped }}
      allowClear
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      loading={found.isFetching}
      placeholder={t('users.hints.distributorSearch')}
      options={options}
      notFoundContent={null}
    />
  );
}

export interface UserFormDrawerProps {
  user?: User;
  users: readonly User[];
  onClose: () => void;
  onSaved: (user: User) => void;
}

export function UserFormDrawer({ user, users, onClose, onSaved }: UserFormDrawerProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [form] = Form.useForm<UserFormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const saving = useVersionedSave({
    record: user,
    form,
    create,
    update,
    toFormValues,
    fieldNames: FIELD_NAMES,
    onSaved,
    queryKey: userKeys.detail,
    fetch: fetchUser,
    listsKey: userKeys.all,
  });
  const base = saving.base;
  const [initialValues] = useState(() => toFormValues(user));
  const chosenRoles = Form.useWatch('roles', form) ?? initialValues.roles;
  const password = Form.useWatch('password', form) ?? '';
  const isActive = Form.useWatch('isActive', form) ?? initialValues.isActive;
  const isSelf = base?.id === me.id;
  const isDistributor = needsDistributor(chosenRoles);
  const isDistributorOnly = isDistributor && chosenRoles.length === 1;

  const managerOptions = users
    .filter(
      (candidate) => candidate.isActive && candidate.id !== base?.id && !needsDistributor(candidate.roles),
    )
    .map((candidate) => ({ value: candidate.id, label: `${candidate.displayName} (${candidate.username})` }));

  function submit(values: UserFormValues) {
    const distributorId = needsDistributor(values.roles) ? values.distributorId : null;
    return saving.save(() => {
      if (base) {
        const changes = userChanges(base, {
          displayName: values.displayName.trim(),
          roles: values.roles,
          regionIds: values.regionIds,
          distributorId,
          managerId: values.managerId ?? null,
          email: textOrNull(values.email),
          phone: textOrNull(values.phone),
          isActive: values.isActive,
          password: values.password ? values.password : null,
        });
        return update.mutateAsync({ id: base.id, changes: changes as UpdateUserInput });
      }
      const request: CreateUserInput = {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        roles: values.roles,
        regionIds: values.regionIds,
        distributorId,
        managerId: values.managerId ?? null,
        email: textOrNull(values.email),
        phone: textOrNull(values.phone),
      };
      return create.mutateAsync(request);
    });
  }

  return (
    <FormDrawerShell
      title={base ? t('users.editTitle', { name: base.displayName }) : t('users.new')}
      width={640}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={saving}
      saveTestId="user-save"
      errorTestId="user-error"
    >
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        data-testid="user-form"
        initialValues={initialValues}
        scrollToFirstError
        autoComplete="off"
        onFinish={(values) => void submit(values)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('users.fields.username')}
              extra={base ? undefined : t('users.hints.username')}
              rules={
                base
                  ? []
                  : [
                      { required: true, whitespace: true, message: t('users.validation.usernameRequired') },
                      { pattern: USERNAME_PATTERN, message: t('users.validation.usernameFormat') },
                    ]
              }
            >
              <Input data-testid="user-username" disabled={base !== undefined} autoFocus={!base} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="displayName"
              label={t('users.fields.displayName')}
              rules={[
                { required: true, whitespace: true, message: t('users.validation.displayNameRequired') },
                { max: 100, message: t('common.maxLength', { max: 100 }) },
              ]}
            >
              <Input data-testid="user-display-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="password"
              label={base ? t('users.fields.resetPassword') : t('users.fields.password')}
              extra={base ? t('users.hints.resetPassword') : t('users.hints.password')}
              rules={[
                { required: !base, message: t('users.validation.passwordRequired') },
                { min: MIN_PASSWORD, message: t('users.validation.passwordLength') },
                { max: 200, message: t('common.maxLength', { max: 200 }) },
              ]}
            >
              <Input.Password data-testid="user-password" autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="passwordConfirm"
              label={t('users.fields.passwordConfirm')}
              dependencies={['password']}
              rules={[
                {
                  validator: async (_rule, value: string | undefined) => {
                    const typed = form.getFieldValue('password') as string | undefined;
                    if (typed && value !== typed) throw new Error(t('users.validation.passwordMismatch'));
                  },
                },
              ]}
            >
              <Input.Password
                data-testid="user-password-confirm"
                autoComplete="new-password"
                disabled={!password}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="roles"
              label={t('users.fields.roles')}
              rules={[
                { required: true, type: 'array', min: 1, message: t('users.validation.rolesRequired') },
              ]}
            >
              <Select<Role[]>
                mode="multiple"
                data-testid="user-roles"
                showSearch={{ optionFilterProp: 'label' }}
                options={allRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              />
            </Form.Item>
          </Col>
          {isDistributor && (
            <Col xs={24}>
              <Form.Item
                name="distributorId"
                label={t('users.fields.distributor')}
                extra={t('users.hints.distributor')}
                rules={[{ required: true, message: t('users.validation.distributorRequired') }]}
              >
                <DistributorSelect />
              </Form.Item>
            </Col>
          )}
          {/* A distributor user's scope is its company; regions matter for everyone else. */}
          <Col xs={24} style={{ display: isDistributorOnly ? 'none' : undefined }}>
            <Form.Item name="regionIds" label={t('users.fields.regions')} extra={t('users.hints.regions')}>
              <RegionTreeMultiSelect testId="user-regions" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="managerId" label={t('users.fields.manager')}>
              <Select<number>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="user-manager"
                options={managerOptions}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('users.fields.email')}
              rules={[{ type: 'email', message: t('users.validation.emailFormat') }]}
            >
              <Input data-testid="user-email" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('users.fields.phone')}
              rules={[{ max: 30, message: t('common.maxLength', { max: 30 }) }]}
            >
              <Input data-testid="user-phone" />
            </Form.Item>
          </Col>
          {base && (
            <Col xs={24} sm={12}>
              <Form.Item
                name="isActive"
                label={t('users.fields.isActive')}
                valuePropName="checked"
                extra={isSelf ? t('users.hints.self') : undefined}
              >
                <Switch data-testid="user-is-active" disabled={isSelf} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {base?.isActive && !isActive && (
          <Alert
            type="warning"
            showIcon
            title={t('users.hints.deactivate')}
            data-testid="user-deactivate-hint"
          />
        )}
      </Form>
    </FormDrawerShell>
  );
}
