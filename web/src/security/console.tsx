// The security console (/security): every cell's mode, journal head, the vault's acknowledged head and lag, the
// last snapshot and checkpoints, and detection's alerts with their evidence, read again every few seconds.
// Security officers act from it; the auditor sees the same screens without a button that writes.
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useT } from '../ui/i18n.ts';
import { Page } from '../ui/parts.tsx';
import { useSession } from '../ui/session.tsx';
import { AlertList } from './alerts.tsx';
import { CellTable } from './cells.tsx';
import './security.css';

const TABS = [
  ['/security', 'overview', null],
  ['/security/requests', 'requests', null],
  ['/security/respond', 'respond', 'incident.isolate'],
  ['/security/evidence', 'evidence', null],
  ['/security/checkpoints', 'checkpoints', null],
] as const;

/** The console's frame: its title, its tabs, and who is only looking. */
export function Console({ children }: { children: ReactNode }) {
  const { t } = useT();
  const { can } = useSession();
  const [location] = useLocation();
  return (
    <Page title={t('security.title')}>
      <nav className="sec-tabs" aria-label={t('security.tabs.label')}>
        {TABS.filter(([, , needs]) => needs === null || can(needs)).map(([path, key]) => (
          <Link key={path} href={path} aria-current={location === path ? 'page' : undefined}>
            {t(`security.tabs.${key}`)}
          </Link>
        ))}
      </nav>
      {!can('incident.request') && (
        <p className="caution" data-testid="read-only-note">
          {t('security.readOnly')}
        </p>
      )}
      {children}
    </Page>
  );
}

export function SecurityPage() {
  return (
    <Console>
      <CellTable />
      <AlertList />
    </Console>
  );
}
