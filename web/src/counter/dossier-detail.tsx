// One dossier at the counter: its state, the facts the citizen gave, the legs that carry it and its history,
// and the action its state allows here (complete, take a supplement, collect the result).
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import { get } from '../ui/api.ts';
import { day, moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Money, Page } from '../ui/parts.tsx';
import { ActionDone, CollectPanel, CompletePanel, SupplementPanel } from './dossier-actions.tsx';
import { procedureOf, type Dossier, type Procedure, type TakenDossier } from './dossier-data.ts';
import { requiredText } from './dossier-parts.tsx';
import { DossierDone } from './dossier-print.tsx';
import './dossier.css';

export function DossierDetailPage() {
  const { t } = useT();
  const { id = '' } = useParams<{ id: string }>();
  const [dossier, setDossier] = useState<Dossier | null>(null);
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [completed, setCompleted] = useState<TakenDossier | null>(null);
  const [did, setDid] = useState<'supplemented' | 'collected' | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await get<Dossier>(`/v1/services/dossiers/${encodeURIComponent(id)}`);
      setDossier(d);
      setProcedure(await procedureOf(d.procedure_code));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const title = t('counter.dossier.detail.title', { id });
  const back = <Link href="/counter/dossiers">{t('counter.dossier.detail.back')}</Link>;
  if (error !== null)
    return (
      <Page title={title} aside={back}>
        <ErrorBox error={error} testId="dossier-load-error" />
      </Page>
    );
  if (dossier === null || procedure === null)
    return (
      <Page title={title} aside={back}>
        <p className="loading">{t('common.loading')}</p>
      </Page>
    );
  if (completed !== null)
    return (
      <Page title={title} aside={back}>
        <DossierDone dossier={completed} procedure={procedure} />
      </Page>
    );

  const after = (what: 'supplemented' | 'collected') => (d: Dossier) => {
    setDossier(d);
    setDid(what);
  };
  const d = dossier;
  const nameOf = (key: string) => procedure.documents.find((x) => x.key === key);
  const action =
    d.state === 'incomplete' ? (
      <CompletePanel dossier={d} procedure={procedure} onDone={(x) => setCompleted(x as TakenDossier)} />
    ) : d.state === 'needs_supplement' ? (
      <SupplementPanel dossier={d} procedure={procedure} onDone={after('supplemented')} />
    ) : (d.state === 'done' || d.state === 'refused') && d.service !== 'send' ? (
      <CollectPanel dossier={d} onDone={after('collected')} />
    ) : null;

  return (
    <Page title={title} aside={back}>
      <div className="dossier-detail" data-testid="dossier-detail" data-state={d.state}>
        <section className="card">
          <p className="state-line">
            <span className={`state state-${d.state}`} data-testid="detail-state">
              {t(`counter.dossier.states.${d.state}`)}
            </span>{' '}
            <span className="muted">{t(`counter.dossier.services.${d.service}`)}</span>
          </p>
          <dl className="facts">
            <dt>{t('counter.dossier.print.procedure')}</dt>
            <dd data-testid="detail-procedure">
              {procedure.name} <span className="muted">({procedure.code})</span>
            </dd>
            <dt>{t('counter.dossier.print.citizen')}</dt>
            <dd>
              {d.citizen.name} — CCCD {d.citizen.cccd} — {d.citizen.phone}
              <br />
              {d.citizen.address}
            </dd>
            {d.representative !== null && (
              <>
                <dt>{t('counter.dossier.print.representative')}</dt>
                <dd>
                  {d.representative.name} — CCCD {d.representative.cccd} (
                  {t('counter.dossier.print.authorisation', {
                    n: d.representative.authorisation.number,
                    d: day(d.representative.authorisation.until),
                  })}
                  )
                </dd>
              </>
            )}
            {d.agency_ref !== null && (
              <>
                <dt>{t('counter.dossier.detail.agencyRef')}</dt>
                <dd>{d.agency_ref}</dd>
              </>
            )}
            <dt>{t('counter.dossier.print.docs')}</dt>
            <dd>
              <ul className="plain" data-testid="detail-docs">
                {d.documents.map((x) => (
                  <li key={x.key}>
                    {nameOf(x.key)?.name ?? x.key} — {t(`counter.dossier.docs.${x.form}`)} × {x.count}
                  </li>
                ))}
              </ul>
            </dd>
            {d.missing.length > 0 && (
              <>
                <dt>{t('counter.dossier.docs.missingTitle')}</dt>
                <dd>
                  <ul className="plain missing" data-testid="detail-missing">
                    {d.missing.map((k) => {
                      const r = nameOf(k);
                      return <li key={k}>{r === undefined ? k : `${r.name} (${requiredText(t, r)})`}</li>;
                    })}
                  </ul>
                </dd>
              </>
            )}
            {d.seal_no !== null && (
              <>
                <dt>{t('counter.dossier.print.seal')}</dt>
                <dd>{d.seal_no}</dd>
              </>
            )}
            <dt>{t('counter.dossier.detail.fees')}</dt>
            <dd>
              <Money value={BigInt(d.agency_fee) + BigInt(d.post_fee)} testId="detail-fees" />
            </dd>
            {d.deadline_day !== null && (
              <>
                <dt>{t('counter.dossier.detail.deadline')}</dt>
                <dd>{day(d.deadline_day)}</dd>
              </>
            )}
            {d.appointment_day !== null && (
              <>
                <dt>{t('counter.dossier.print.appointment')}</dt>
                <dd>{day(d.appointment_day)}</dd>
              </>
            )}
            {d.decision_note !== null && (
              <>
                <dt>{t('counter.dossier.detail.decision')}</dt>
                <dd>{d.decision_note}</dd>
              </>
            )}
          </dl>
        </section>
        {did !== null && <ActionDone what={did} />}
        {action ??
          (did === null && (
            <p className="muted" data-testid="no-action">
              {t('counter.dossier.detail.none')}
            </p>
          ))}
        {d.legs.length > 0 && (
          <table className="table" data-testid="detail-legs">
            <caption>{t('counter.dossier.detail.legs')}</caption>
            <thead>
              <tr>
                <th className="num">{t('counter.dossier.detail.leg')}</th>
                <th>{t('counter.dossier.detail.kind')}</th>
                <th>{t('counter.dossier.detail.item')}</th>
                <th>{t('counter.dossier.detail.legState')}</th>
              </tr>
            </thead>
            <tbody>
              {d.legs.map((l) => (
                <tr key={l.leg_no}>
                  <td className="num">{l.leg_no}</td>
                  <td>{t(`counter.dossier.detail.kinds.${l.kind}`)}</td>
                  <td>{l.item_id ?? '—'}</td>
                  <td>{t(`counter.dossier.detail.legStates.${l.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <table className="table" data-testid="detail-steps">
          <caption>{t('counter.dossier.detail.steps')}</caption>
          <thead>
            <tr>
              <th>{t('counter.dossier.detail.at')}</th>
              <th>{t('counter.dossier.detail.step')}</th>
              <th>{t('counter.dossier.list.state')}</th>
              <th>{t('counter.dossier.detail.note')}</th>
            </tr>
          </thead>
          <tbody>
            {(d.steps ?? []).map((s) => (
              <tr key={s.seq} data-testid="detail-step">
                <td>{moment(s.at)}</td>
                <td>{t(`counter.dossier.steps.${s.step.replace('.', '_')}`, { defaultValue: s.step })}</td>
                <td>{t(`counter.dossier.states.${s.state}`)}</td>
                <td>{s.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
