import { useT } from '../ui/i18n.ts';
import { Page } from '../ui/parts.tsx';

export function RoundPage() {
  const { t } = useT();
  return <Page title={t('menu.round')}>{null}</Page>;
}
