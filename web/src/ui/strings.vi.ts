// Every string of the app in Vietnamese, the source language; each area keeps its own beside its screens.
import { counterVi } from '../counter/strings.vi.ts';
import { roundVi } from '../round/strings.vi.ts';
import { agencyVi } from '../agency/strings.ts';
import { oversightVi } from '../oversight/strings.ts';
import { securityVi } from '../security/strings.ts';
import { drillVi } from '../security/drill.strings.ts';

export const vi = {
  common: {
    brand: 'Bưu điện Việt Nam',
    refused: 'Không thực hiện được:',
    signOut: 'Đăng xuất',
    menu: 'Chức năng',
    switchLanguage: 'Chuyển ngôn ngữ',
    notAllowedTitle: 'Không có quyền',
    notAllowed: 'Tài khoản của bạn không có quyền dùng màn hình này. Hãy hỏi trưởng bưu cục nếu bạn cần.',
    loading: 'Đang tải…',
    save: 'Lưu',
    cancel: 'Hủy',
    confirm: 'Xác nhận',
    close: 'Đóng',
    print: 'In',
    retry: 'Thử lại',
    search: 'Tìm',
    none: 'Không có',
    total: 'Tổng',
  },
  signIn: {
    title: 'Đăng nhập',
    lead: 'Dành cho nhân viên bưu điện và đối tác.',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    code: 'Mã xác thực (6 số)',
    codeHint: 'Mở ứng dụng xác thực trên điện thoại và nhập mã đang hiện.',
    submit: 'Đăng nhập',
  },
  menu: {
    stock: 'Hàng hóa, kiểm kê',
    till: 'Két quầy',
    payout: 'Chi trả lương hưu',
    accept: 'Nhận gửi bưu gửi',
    pickup: 'Phát tại quầy',
    dossiers: 'Hồ sơ hành chính công',
    sale: 'Bán hàng',
    saleReturn: 'Khách trả hàng',
    approvals: 'Duyệt',
    round: 'Chuyến phát hôm nay',
    home: 'Trang chính',
    agency: 'Hồ sơ của cơ quan',
    oversightDashboard: 'Tổng quan',
    oversightDossiers: 'Thời hạn hồ sơ',
    orders: 'Đơn hàng gửi cho khách',
    oversightCatalogue: 'Danh mục hàng hóa',
    security: 'An ninh',
    securityRespond: 'Xử lý sự cố',
    securityDrill: 'Diễn tập mã độc',
  },
  roles: {
    counter_clerk: 'Giao dịch viên',
    postman: 'Bưu tá',
    office_manager: 'Trưởng bưu cục',
    provincial_manager: 'Lãnh đạo Bưu điện tỉnh',
    security_officer: 'Cán bộ an ninh',
    auditor: 'Kiểm toán viên',
    system_admin: 'Quản trị hệ thống',
    social_insurance_officer: 'Cán bộ Bảo hiểm xã hội',
    agency_officer: 'Cán bộ cơ quan hành chính',
    shipper: 'Chủ hàng',
  },
  permissions: {
    office_read: 'Xem bưu cục',
    office_manage: 'Quản lý bưu cục',
    staff_read: 'Xem nhân sự',
    staff_manage: 'Quản lý nhân sự',
    token_manage: 'Quản lý khóa API',
    till_operate: 'Thao tác két quầy',
    till_approve: 'Duyệt két quầy',
    ledger_transfer: 'Chuyển tiền giữa tài khoản',
    pension_pay: 'Chi trả lương hưu',
    pension_manage: 'Quản lý kỳ chi trả',
    pension_list_submit: 'Nộp danh sách chi trả',
    pension_reconciliation_read: 'Xem đối soát chi trả',
    parcel_accept: 'Nhận gửi bưu gửi',
    parcel_deliver: 'Phát bưu gửi',
    cod_collect: 'Thu tiền COD',
    shipment_submit: 'Gửi đơn hàng',
    shipment_read: 'Xem đơn hàng',
    dossier_handle: 'Tiếp nhận hồ sơ hành chính công',
    dossier_agency: 'Xử lý hồ sơ của cơ quan',
    retail_sell: 'Bán hàng tại quầy',
    report_read: 'Xem báo cáo',
    audit_read: 'Xem nhật ký kiểm toán',
    incident_isolate: 'Cô lập phân hệ',
    incident_request: 'Đề nghị khôi phục',
    incident_approve: 'Duyệt khôi phục',
    keys_manage: 'Quản lý khóa',
    second_factor_enrol: 'Đăng ký xác thực hai lớp',
  },
  scopes: { office: 'bưu cục của mình', province: 'cả tỉnh', all: 'toàn quốc' },
  cells: {
    core: 'Dữ liệu chung',
    finance: 'Tài chính',
    delivery: 'Bưu chính',
    services: 'Hành chính công',
    retail: 'Bán hàng',
    security: 'An ninh',
  },
  modes: { normal: 'Bình thường', 'read-only': 'Chỉ đọc', isolated: 'Cô lập' },
  mode: {
    'read-only':
      'Phân hệ {{cell}} đang ở chế độ chỉ đọc vì sự cố an ninh: vẫn tra cứu được, chưa ghi được. Hãy báo trưởng bưu cục và chờ thông báo.',
    isolated:
      'Phân hệ {{cell}} đang bị cách ly vì sự cố an ninh: các chức năng của nó tạm dừng, các phân hệ khác vẫn làm việc bình thường.',
  },
  /** What staff do instead while a cell is shut, said on every screen. */
  modeDo: {
    delivery: {
      'read-only':
        'Vẫn tra cứu bưu gửi được. Nhận gửi và phát: ghi vào phiếu giấy, nhập lại khi phân hệ mở lại. Chi trả lương hưu vẫn làm bình thường.',
      isolated:
        'Nhận bưu gửi bằng phiếu giấy, giữ hàng tại bưu cục, chưa phát. Chi trả lương hưu, hồ sơ và bán hàng vẫn làm bình thường.',
    },
    finance: {
      'read-only':
        'Xem được két và danh sách chi trả, nhưng chưa thu chi được: không chi tiền mặt ngoài hệ thống, hẹn người nhận lương hưu quay lại.',
      isolated:
        'Tạm dừng thu chi tiền và chi trả lương hưu: ghi tên người đến nhận, hẹn quay lại; không chi tiền mặt ngoài hệ thống. Nhận gửi bưu gửi vẫn làm.',
    },
    services: {
      'read-only': 'Tra cứu hồ sơ được. Hồ sơ mới: nhận bằng giấy biên nhận viết tay, giữ tại bưu cục.',
      isolated:
        'Nhận hồ sơ bằng giấy biên nhận viết tay, giữ tại bưu cục, chưa chuyển đi. Các quầy khác vẫn làm.',
    },
    retail: {
      'read-only': 'Xem được giá và tồn kho, chưa bán được: mời khách quay lại sau. Các quầy khác vẫn làm.',
      isolated: 'Tạm ngừng bán hàng hóa. Chi trả lương hưu và bưu gửi vẫn làm bình thường.',
    },
    core: {
      'read-only': 'Chưa đổi được nhân sự, bưu cục, mật khẩu. Các nghiệp vụ tại quầy vẫn làm.',
      isolated:
        'Chưa đổi được nhân sự, bưu cục, mật khẩu; đăng nhập mới có thể bị từ chối: ai đang làm việc đừng đăng xuất.',
    },
    security: { 'read-only': '', isolated: '' },
  },
  home: {
    title: 'Xin chào, {{name}}',
    office: 'Đơn vị',
    roles: 'Vai trò',
    permissions: 'Được phép',
    cells: 'Tình trạng các phân hệ',
    cell: 'Phân hệ',
    mode: 'Chế độ',
  },
  public: {
    nav: 'Dành cho khách hàng',
    track: 'Tra cứu bưu gửi',
    offices: 'Tìm bưu cục',
    receipt: 'Kiểm tra biên lai',
  },
  counter: counterVi,
  round: roundVi,
  agency: agencyVi,
  oversight: oversightVi,
  security: securityVi,
  drill: drillVi,
};
