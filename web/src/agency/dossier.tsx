// One dossier of the agency's inbox (/agency/:dossier): what it is and how it went, and the form to record
// what the agency did. Another agency's dossier, or one that is not there, is refused in the page.
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import { get } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Page } from '../ui/parts.tsx';
import { DecisionForm } from './decision-form.tsx';
import { DossierFacts, DossierHistory, type ProcedureInfo } from './dossier-view.tsx';
import { getDossier, type DossierWithSteps } from './dossiers.ts';

/** A dossier and its procedure, loaded by id; `reload` fetches the dossier again as it now is. */
export function useDossier(id: string) {
  const [d, setD] = useState<DossierWithSteps | undefined>(undefined);
  const [procedure, setProcedure] = useState<ProcedureInfo | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setD(await getDossier(id));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const code = d?.procedure_code;
  useEffect(() => {
    if (code === undefined) return;
    get<ProcedureInfo>(`/v1/services/procedures/${encodeURIComponent(code)}`)
      .then(setProcedure)
      .catch(() => undefined); // the code stands in for the name
  }, [code]);
  return { d, setD, procedure, error, reload };
}

export function AgencyDossierPage() {
  const { t } = useT();
  const id = decodeURIComponent(useParams<{ dossier: string }>().dossier);
  const { d, setD, procedure, error, reload } = useDossier(id);
  return (
    <Page
      title={id}
      aside={
        <Link href="/agency" data-testid="back">
          {t('agency.back')}
        </Link>
      }
    >
      <ErrorBox error={error} testId="dossier-error" />
      {d === undefined ? (
        error === null && <p className="loading">{t('common.loading')}</p>
      ) : (
        <div className="dossier-grid">
          <div>
            <DossierFacts d={d} procedure={procedure} />
            <DecisionForm d={d} onDecided={setD} onRefused={() => void reload()} />
          </div>
          <DossierHistory d={d} />
        </div>
      )}
    </Page>
  );
}
