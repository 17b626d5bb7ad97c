// The managers' oversight strings: Vietnamese (the source) and English, the same keys.
import type { Shape } from '../ui/strings.types.ts';

export const oversightVi = {
  dossiers: {
    title: 'Hồ sơ hành chính công: thời hạn',
    lead: 'Hồ sơ đang ở cơ quan sắp đến hạn hoặc đã quá hạn giải quyết, theo bưu cục nhận và theo cơ quan.',
    deadline: 'Thời hạn',
    near: 'Sắp đến hạn (trong 2 ngày làm việc)',
    past: 'Đã quá hạn',
    province: 'Tỉnh (mã 2 số)',
    byOffice: 'Theo bưu cục nhận hồ sơ',
    office: 'Bưu cục',
    byAgency: 'Theo cơ quan giải quyết',
    agency: 'Cơ quan',
    none: 'Không có hồ sơ nào.',
    count: '{{count}} hồ sơ',
    noAgencies: 'Không có cơ quan nào trong phạm vi của bạn nhận hồ sơ qua bưu điện.',
    dossiers: 'Số hồ sơ',
    show: 'Xem hồ sơ của {{agency}}',
    showShort: 'Xem',
  },
};

export const oversightEn: Shape<typeof oversightVi> = {
  dossiers: {
    title: 'Public-service dossiers: deadlines',
    lead: 'Dossiers at an agency that are due soon or overdue, by the office that took them and by agency.',
    deadline: 'Deadline',
    near: 'Due soon (within 2 working days)',
    past: 'Overdue',
    province: 'Province (2-digit code)',
    byOffice: 'By the office that took them',
    office: 'Office',
    byAgency: 'By the agency deciding them',
    agency: 'Agency',
    none: 'No dossier.',
    count: '{{count}} dossier(s)',
    noAgencies: 'No agency within your reach takes dossiers through the post.',
    dossiers: 'Dossiers',
    show: 'Show the dossiers of {{agency}}',
    showShort: 'Show',
  },
};
