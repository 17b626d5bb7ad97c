// The app: sign-in when no one is, else the shell with the screens the person's permissions allow; a typed
// address to a screen they may not use is refused in the page, not merely hidden.
import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { AcceptPage } from './counter/accept.tsx';
import { ApprovalsPage } from './counter/approvals.tsx';
import { DossierDetailPage } from './counter/dossier-detail.tsx';
import { DossierIntakePage } from './counter/dossier-intake.tsx';
import { DossierListPage } from './counter/dossier-list.tsx';
import { PayoutPage } from './counter/payout.tsx';
import { OrderDetailPage, OrdersPage } from './counter/orders.tsx';
import { PickupPage } from './counter/pickup.tsx';
import { StockPage } from './counter/stock.tsx';
import { SalePage } from './counter/sale.tsx';
import { SaleReturnPage } from './counter/sale-return.tsx';
import { TillPage } from './counter/till.tsx';
import { RoundPage } from './round/round.tsx';
import { AgencyPage } from './agency/agency.tsx';
import { AgencyDossierPage } from './agency/dossier.tsx';
import { OversightDossierPage, OversightDossiersPage } from './oversight/dossiers.tsx';
import { OversightCataloguePage, OversightProductPage } from './oversight/catalogue.tsx';
import { CheckpointsPage } from './security/checkpoints.tsx';
import { SecurityPage } from './security/console.tsx';
import { EvidencePage } from './security/evidence.tsx';
import { RequestsPage } from './security/requests.tsx';
import { RespondPage } from './security/respond.tsx';
import { DrillPage } from './security/drill.tsx';
import { Home } from './ui/home.tsx';
import { useT } from './ui/i18n.ts';
import { allowed, homeOf } from './ui/menu.ts';
import { Page } from './ui/parts.tsx';
import { useSession } from './ui/session.tsx';
import { Shell } from './ui/shell.tsx';
import { SignIn } from './ui/sign-in.tsx';

// The dashboard brings its charts (Chart.js): loaded only by those who open it.
const DashboardPage = lazy(() =>
  import('./oversight/dashboard.tsx').then((m) => ({ default: m.DashboardPage })),
);

const COUNTER_CELLS = ['finance', 'delivery', 'services', 'retail', 'core'];

function NotAllowed() {
  const { t } = useT();
  return (
    <Page title={t('common.notAllowedTitle')}>
      <p role="alert" data-testid="not-allowed">
        {t('common.notAllowed')}
      </p>
    </Page>
  );
}

export function App() {
  const { me, loading, refresh } = useSession();
  const [location, navigate] = useLocation();
  if (loading) return <p className="loading">…</p>;
  if (me === null)
    return (
      <SignIn
        onSignedIn={() =>
          void refresh().then((m) => {
            if (m !== null) navigate(location === '/' || location === '/sign-in' ? homeOf(m) : location);
          })
        }
      />
    );
  if (location === '/' || location === '/sign-in') return <Redirect to={homeOf(me)} />;
  return (
    <Shell cells={COUNTER_CELLS}>
      {allowed(me, location) ? (
        <Switch>
          <Route path="/counter/till" component={TillPage} />
          <Route path="/counter/payout" component={PayoutPage} />
          <Route path="/counter/accept" component={AcceptPage} />
          <Route path="/counter/pickup" component={PickupPage} />
          <Route path="/counter/orders/:id" component={OrderDetailPage} />
          <Route path="/counter/orders" component={OrdersPage} />
          <Route path="/counter/sale-returns" component={SaleReturnPage} />
          <Route path="/counter/sale" component={SalePage} />
          <Route path="/counter/approvals" component={ApprovalsPage} />
          <Route path="/counter/stock" component={StockPage} />
          <Route path="/counter/dossiers/new" component={DossierIntakePage} />
          <Route path="/counter/dossiers/:id" component={DossierDetailPage} />
          <Route path="/counter/dossiers" component={DossierListPage} />
          <Route path="/round" component={RoundPage} />
          <Route path="/agency" component={AgencyPage} />
          <Route path="/agency/:dossier" component={AgencyDossierPage} />
          <Route path="/oversight/dashboard">
            <Suspense fallback={<p className="loading">…</p>}>
              <DashboardPage />
            </Suspense>
          </Route>
          <Route path="/oversight/dossiers" component={OversightDossiersPage} />
          <Route path="/oversight/catalogue" component={OversightCataloguePage} />
          <Route path="/oversight/catalogue/:code" component={OversightProductPage} />
          <Route path="/oversight/dossiers/:dossier" component={OversightDossierPage} />
          <Route path="/security" component={SecurityPage} />
          <Route path="/security/requests" component={RequestsPage} />
          <Route path="/security/respond" component={RespondPage} />
          <Route path="/security/evidence" component={EvidencePage} />
          <Route path="/security/checkpoints" component={CheckpointsPage} />
          <Route path="/security/drill" component={DrillPage} />
          <Route path="/home" component={Home} />
          <Route>
            <Redirect to={homeOf(me)} />
          </Route>
        </Switch>
      ) : (
        <NotAllowed />
      )}
    </Shell>
  );
}
