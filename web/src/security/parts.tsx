// Small parts the console's screens share: when a polled read was last answered, a member of staff by name.
import { moment } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { POLL_MS, useStaffName } from './data.ts';

/** When a polled read was last answered. */
export function Live({ at }: { at: Date | null }) {
  const { t } = useT();
  return (
    <p className="sec-live">
      {t('security.live', { seconds: POLL_MS / 1000, at: at === null ? '…' : moment(at) })}
    </p>
  );
}

/** A member of staff as "Full Name (username)". */
export function Who({ id }: { id: string | null }) {
  const name = useStaffName(id);
  return <span className="who-name">{name}</span>;
}
