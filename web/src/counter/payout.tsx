import { useT } from '../ui/i18n.ts';
import { Page } from '../ui/parts.tsx';

export function PayoutPage() {
  const { t } = useT();
  return <Page title={t('menu.payout')}>{null}</Page>;
}
