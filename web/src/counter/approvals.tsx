import { useT } from '../ui/i18n.ts';
import { Page } from '../ui/parts.tsx';

export function ApprovalsPage() {
  const { t } = useT();
  return <Page title={t('menu.approvals')}>{null}</Page>;
}
