// The frame of every signed-in screen: who and where, the language toggle, the menu from /v1/me, the cells'
// incident mode, then the page.
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { setLang, useT } from './i18n.ts';
import { menuFor } from './menu.ts';
import { ModeBanner } from './mode-banner.tsx';
import { useMe, useSession } from './session.tsx';

export function LangToggle() {
  const { t, lang } = useT();
  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="lang"
      data-testid="lang-toggle"
      lang={other}
      onClick={() => setLang(other)}
      aria-label={t('common.switchLanguage')}
    >
      {other === 'en' ? 'English' : 'Tiếng Việt'}
    </button>
  );
}

export function Shell({ children, cells }: { children: ReactNode; cells: readonly string[] }) {
  const { t } = useT();
  const me = useMe();
  const { signOut } = useSession();
  const [location, navigate] = useLocation();
  const roleNames = me.roles.map((r) => t(`roles.${r.role}`, { defaultValue: r.name_vi })).join(', ');
  return (
    <div className="shell">
      <header className="top">
        <span className="brand">{t('common.brand')}</span>
        <span className="who" data-testid="who">
          {me.staff.full_name} · {roleNames} · <span className="username">{me.staff.username}</span>
        </span>
        <LangToggle />
        <button type="button" onClick={() => void signOut().then(() => navigate('/'))} data-testid="sign-out">
          {t('common.signOut')}
        </button>
      </header>
      <nav className="menu" aria-label={t('common.menu')}>
        <ul>
          {menuFor(me).map((m) => (
            <li key={m.path}>
              <Link
                href={m.path}
                aria-current={location === m.path || location.startsWith(`${m.path}/`) ? 'page' : undefined}
              >
                {t(m.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <ModeBanner cells={cells} />
        {children}
      </main>
    </div>
  );
}
