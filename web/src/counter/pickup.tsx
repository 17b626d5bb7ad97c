import { useT } from '../ui/i18n.ts';
import { Page } from '../ui/parts.tsx';

export function PickupPage() {
  const { t } = useT();
  return <Page title={t('menu.pickup')}>{null}</Page>;
}
