import { newId } from '../../../platform/ids.ts';
import type { ProvinceInput } from '../geo/index.ts';
import type { OpenOfficeInput } from './office.service.ts';

// Synthetic but well-formed: real postcodes are assigned by Vietnam Post; here the first two digits are the
// NSO province code, so that every demo postcode is unique and says where it is.
const HOURS = 'T2–T6 07:30–17:30; T7 07:30–11:30';
const SORTING_CENTRES: ReadonlyArray<{ province: number; name: string }> = [
  { province: 1, name: 'Trung tâm khai thác vận chuyển Hà Nội' },
  { province: 48, name: 'Trung tâm khai thác vận chuyển Đà Nẵng' },
  { province: 79, name: 'Trung tâm khai thác vận chuyển TP. Hồ Chí Minh' },
];

const pad = (n: number, width: number): string => n.toString().padStart(width, '0');

/** A landline in the province's area code: 024/028 numbers have 8 digits after it, the others 7. */
function landline(phoneCode: number | null, serial: number): string | null {
  if (phoneCode === null) return null;
  const digits = phoneCode < 100 ? 8 : 7;
  return `0${phoneCode}${'3'}${pad(serial, digits - 1)}`;
}

/**
 * The demo network: the corporation, one provincial post per province, one post office per commune and
 * sorting centres in Hà Nội, Đà Nẵng and TP. Hồ Chí Minh, in an order where parents come first.
 */
export function demoOfficeNetwork(provinces: readonly ProvinceInput[]): OpenOfficeInput[] {
  const hanoi = provinces.find((p) => p.code === 1);
  if (hanoi === undefined) throw new Error('the divisions have no Hà Nội (code 01)');
  const corporation = newId('ofc');
  const out: OpenOfficeInput[] = [
    {
      id: corporation,
      type: 'corporation',
      name: 'Tổng công ty Bưu điện Việt Nam',
      postcode: '10000',
      commune_code: pad(hanoi.communes[0]!.code, 5),
      address: `Số 5, ${hanoi.communes[0]!.name}, ${hanoi.name}`,
      phone: landline(hanoi.phone_code, 1),
      opening_hours: HOURS,
      parent_id: null,
    },
  ];
  for (const p of provinces) {
    const pp = pad(p.code, 2);
    const seat = p.communes[0]!;
    const post = newId('ofc');
    const provinceName = p.name.replace(/^(Tỉnh|Thành phố) /, '');
    out.push({
      id: post,
      type: 'provincial_post',
      name: `Bưu điện ${p.type === 'tỉnh' ? 'tỉnh' : 'thành phố'} ${provinceName}`,
      postcode: `${pp}000`,
      commune_code: pad(seat.code, 5),
      address: `Số 1, ${seat.name}, ${p.name}`,
      phone: landline(p.phone_code, 2),
      opening_hours: HOURS,
      parent_id: corporation,
    });
    p.communes.forEach((c, i) => {
      out.push({
        type: 'post_office',
        name: `Bưu cục ${c.name}`,
        postcode: `${pp}${pad(100 + i, 3)}`,
        commune_code: pad(c.code, 5),
        address: `Số ${1 + (i % 97)}, ${c.name}, ${p.name}`,
        phone: landline(p.phone_code, 100 + i),
        opening_hours: HOURS,
        parent_id: post,
      });
    });
    const centre = SORTING_CENTRES.find((s) => s.province === p.code);
    if (centre !== undefined) {
      out.push({
        type: 'sorting_centre',
        name: centre.name,
        postcode: `${pp}900`,
        commune_code: pad(p.communes[1]!.code, 5),
        address: `Khu công nghiệp, ${p.communes[1]!.name}, ${p.name}`,
        phone: landline(p.phone_code, 9),
        opening_hours: '24/7',
        parent_id: corporation,
      });
    }
  }
  return out;
}
