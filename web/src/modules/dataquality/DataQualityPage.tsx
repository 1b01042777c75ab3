import { SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useDataQualitySummary, useRunDataQuality } from './dataquality.api.ts';
import { isEntity } from './dataquality.rules.ts';
import { ExpiringTab, WITHIN_DAYS, type WithinDays } from './ExpiringTab.tsx';
import { IssuesTab } from './IssuesTab.tsx';
import { ScoreCards } from './ScoreCards.tsx';

// The tab and the expiry window live in the address with the issue filters, so links and reloads keep them.
const FILTER_KEYS = ['entity', 'rule', 'tab', 'within'] as const;

export function DataQualityPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canRun = user.permissions.includes('masterdata:write');
  const list = useListState(FILTER_KEYS);
  const summary = useDataQualitySummary();
  const run = useRunDataQuality();

  const tab = list.filters.tab === 'expiring' ? 'expiring' : 'issues';
  const withinDays: WithinDays = WITHIN_DAYS.find((days) => String(days) === list.filters.within) ?? 30;
  const lastRunAt = summary.data?.lastRunAt;

  async function runNow() {
    try {
      const { issues } = await run.mutateAsync();
      void message.success(t('dataQuality.runDone', { count: issues }));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  return (
    <Flex vertical gap={isMobile ? 12 : 16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="dq-title">
          {t('dataQuality.title')}
        </Typography.Title>
        <Flex align="center" gap={8} wrap>
          <Typography.Text type="secondary" data-testid="dq-last-run">
            {lastRunAt
              ? t('dataQuality.lastRun', { time: formatDateTime(lastRunAt, lang) })
              : summary.isSuccess
                ? t('dataQuality.neverRun')
                : null}
          </Typography.Text>
          {canRun && (
            <Button
              type="primary"
              icon={<SyncOutlined spin={run.isPending} />}
              data-testid="dq-run"
              disabled={run.isPending}
              onClick={() => void runNow()}
            >
              {t('dataQuality.runNow')}
            </Button>
          )}
        </Flex>
      </Flex>
      <ErrorAlert error={summary.error} testId="dq-summary-error" />
      <ScoreCards
        entities={summary.data?.entities}
        isLoading={summary.isLoading}
        selected={tab === 'issues' && isEntity(list.filters.entity) ? list.filters.entity : undefined}
        onSelect={(entity) =>
          list.update({
            filters: {
              tab: undefined,
              entity: list.filters.entity === entity ? undefined : entity,
              rule: undefined,
            },
          })
        }
      />
      <Card styles={{ body: { padding: isMobile ? 12 : undefined, paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => list.update({ filters: { tab: key === 'expiring' ? 'expiring' : undefined } })}
          items={[
            {
              key: 'issues',
              label: <span data-testid="dq-tab-issues">{t('dataQuality.tabs.issues')}</span>,
              children: <IssuesTab list={list} summary={summary.data?.entities} />,
            },
            {
              key: 'expiring',
              label: <span data-testid="dq-tab-expiring">{t('dataQuality.tabs.expiring')}</span>,
              children: (
                <ExpiringTab
                  withinDays={withinDays}
                  onWithinDaysChange={(days) =>
                    list.update({ filters: { within: days === 30 ? undefined : String(days) } })
                  }
                />
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
