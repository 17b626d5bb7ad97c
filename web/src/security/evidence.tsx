// The chain of custody (/security/evidence): every evidence manifest, newest first, each naming the hash of the
// one before it; a link that does not follow its predecessor is shown broken.
import { moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox } from '../ui/parts.tsx';
import { Console } from './console.tsx';
import { securityApi, usePoll } from './data.ts';
import { Live, Who } from './parts.tsx';

export function EvidencePage() {
  const { t } = useT();
  const { data, error } = usePoll(async () => ({ page: await securityApi.evidence(), at: new Date() }));
  const items = data?.page.items ?? [];
  return (
    <Console>
      <Live at={data?.at ?? null} />
      <ErrorBox error={error} />
      {data !== undefined && items.length === 0 && <p>{t('security.evidence.none')}</p>}
      {items.length > 0 && (
        <div className="sec-scroll">
          <table className="table" data-testid="sec-evidence">
            <caption>{t('security.evidence.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('security.evidence.at')}</th>
                <th scope="col">{t('security.evidence.by')}</th>
                <th scope="col">{t('security.evidence.cell')}</th>
                <th scope="col">{t('security.evidence.reason')}</th>
                <th scope="col" className="num">
                  {t('security.evidence.files')}
                </th>
                <th scope="col">{t('security.evidence.hash')}</th>
                <th scope="col">{t('security.evidence.prev')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e, i) => {
                const older = items[i + 1];
                const linked = older === undefined || older.sha256 === e.prev_sha256;
                return (
                  <tr key={e.id} data-id={e.id}>
                    <td>{moment(e.captured_at)}</td>
                    <td>
                      <Who id={e.captured_by} />
                    </td>
                    <td>{e.cell === null ? t('security.respond.allCells') : t(`cells.${e.cell}`)}</td>
                    <td>{e.reason}</td>
                    <td className="num">{e.files}</td>
                    <td>
                      <code className="sec-hash">{e.sha256}</code>
                    </td>
                    <td className={linked ? 'sec-ok' : 'sec-bad'}>
                      <code>{e.prev_sha256.slice(0, 16)}…</code>{' '}
                      {linked ? `✓ ${t('security.evidence.chain')}` : `✗ ${t('security.evidence.broken')}`}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Console>
  );
}
