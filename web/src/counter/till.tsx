import { useT } from '../ui/i18n.ts';
import { Page } from '../ui/parts.tsx';

export function TillPage() {
  const { t } = useT();
  return <Page title={t('menu.till')}>{null}</Page>;
}
