// What a shut cell answers instead of serving: a clear code for programs and, for staff, what to do instead.
import { SecurityError } from './security-error.ts';
import type { IncidentMode } from './security.events.ts';

const CELL_VI: Record<string, string> = {
  core: 'quản trị (đơn vị, nhân sự, đăng nhập)',
  finance: 'tài chính (chi trả, quầy, thu hộ)',
  delivery: 'bưu gửi (nhận gửi, khai thác, phát)',
  services: 'hành chính công (tiếp nhận hồ sơ, trả kết quả)',
  retail: 'bán hàng (bán lẻ tại quầy, kho hàng, đơn đặt hàng)',
};

/** What staff do while a cell is shut: the post's manual fallback for that cell. */
const INSTEAD_VI: Record<string, string> = {
  core: 'Hãy liên hệ bộ phận an ninh; các nghiệp vụ khác vẫn hoạt động bình thường.',
  finance:
    'Tạm dừng chi trả và thu tiền trên hệ thống; ghi sổ tay theo quy trình dự phòng và báo trưởng bưu cục.',
  delivery:
    'Hãy nhận gửi và phát bằng phiếu giấy theo quy trình dự phòng (ghi số hiệu bưu gửi, giờ, người nhận) và nhập lại khi hệ thống mở lại; chi trả lương hưu vẫn làm bình thường.',
  services:
    'Hãy tiếp nhận hồ sơ bằng phiếu giấy theo quy trình dự phòng (ghi số CCCD, thủ tục, số niêm phong, lệ phí đã thu) và nhập lại khi hệ thống mở lại; công dân tra cứu hồ sơ sau.',
  retail:
    'Hãy bán hàng bằng hóa đơn giấy theo quy trình dự phòng (ghi mã hàng, số lượng, giá, tiền thu) và nhập lại khi hệ thống mở lại; không nhận trả hàng và không kiểm kê cho đến khi đó.',
};

/** The refusal of a request to a cell that is not `normal`, or undefined when the request may go on. */
export function modeRefusal(cell: string, mode: IncidentMode, writes: boolean): SecurityError | undefined {
  if (mode === 'normal' || (mode === 'read-only' && !writes)) return undefined;
  const name = CELL_VI[cell] ?? cell;
  const instead = INSTEAD_VI[cell] ?? 'Hãy liên hệ bộ phận an ninh.';
  return mode === 'isolated'
    ? new SecurityError(
        'cell_isolated',
        `Cell ${cell} is isolated after a security incident: it answers nothing until two security officers return it to service`,
        `Phân hệ ${name} đang bị cách ly do sự cố an ninh. ${instead}`,
        { cell, mode },
      )
    : new SecurityError(
        'cell_read_only',
        `Cell ${cell} is read-only after a security incident: look-ups work, nothing new can be recorded`,
        `Phân hệ ${name} đang ở chế độ chỉ đọc do sự cố an ninh: vẫn tra cứu được nhưng chưa ghi nhận giao dịch mới. ${instead}`,
        { cell, mode },
      );
}
