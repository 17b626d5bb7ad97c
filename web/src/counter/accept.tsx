import { useT } from '../ui/i18n.ts';
import { Page } from '../ui/parts.tsx';

export function AcceptPage() {
  const { t } = useT();
  return <Page title={t('menu.accept')}>{null}</Page>;
}
