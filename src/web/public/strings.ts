// Every word the public pages show, in Vietnamese (the source) and English, the same keys: English is typed
// by the Vietnamese, so a key missing from it fails the type check. The receipt check's words go to the
// browser as JSON with the page (script.*), so its script carries no language of its own.

const vi = {
  lang: 'vi',
  site: 'Bưu điện',
  nav: { track: 'Tra cứu bưu gửi', offices: 'Tìm bưu cục', receipt: 'Kiểm tra biên nhận' },
  toggle: { label: 'English', lang: 'en', title: 'Switch to English' },
  track: {
    title: 'Tra cứu bưu gửi',
    label: 'Mã bưu gửi',
    hint: 'Một hoặc nhiều mã (tối đa 20), cách nhau bằng dấu cách, dấu phẩy hoặc xuống dòng, ví dụ EE123456785VN.',
    submit: 'Tra cứu',
    tooMany: (n: number, max: number) => `Bạn đã nhập ${n} mã; mỗi lần chỉ tra cứu được tối đa ${max} mã.`,
    service: 'Dịch vụ',
    status: 'Trạng thái',
    destination: 'Đến',
    recipient: 'Người nhận',
    when: 'Thời gian',
    event: 'Sự kiện',
    where: 'Nơi',
    reason: 'Lý do',
    noEvents: 'Chưa có sự kiện nào.',
    statuses: {
      announced: 'Đã báo gửi',
      at_office: 'Đang ở bưu cục',
      in_transit: 'Đang vận chuyển',
      at_centre: 'Ở trung tâm khai thác',
      out_for_delivery: 'Đang đi phát',
      held: 'Chờ nhận tại bưu cục',
      delivered: 'Đã phát',
      returned: 'Đã chuyển hoàn',
    } as Record<string, string>,
  },
  offices: {
    title: 'Tìm bưu cục',
    label: 'Xã, phường hoặc mã bưu chính',
    hint: 'Tên xã/phường có dấu hoặc không dấu (ví dụ “ba dinh”), hoặc mã bưu chính 5 chữ số (ví dụ 01100).',
    submit: 'Tìm',
    none: (q: string) => `Không tìm thấy bưu cục nào cho “${q}”.`,
    found: (n: number) => `${n} bưu cục`,
    address: 'Địa chỉ',
    phone: 'Điện thoại',
    hours: 'Giờ mở cửa',
    postcode: 'Mã bưu chính',
    closed: 'Đã đóng cửa',
  },
  receipt: {
    title: 'Kiểm tra biên nhận',
    label: 'Nội dung mã QR hoặc biên nhận (JSON)',
    hint: 'Quét mã QR trên biên nhận vào ô này, hoặc dán nội dung (bắt đầu bằng PC1:) hay tệp JSON của biên nhận. Việc kiểm tra diễn ra ngay trên máy của bạn, không cần mạng.',
    submit: 'Kiểm tra',
    noScript:
      'Việc kiểm tra biên nhận chạy trên trình duyệt và cần JavaScript. Không bật được JavaScript? Hãy kiểm tra bằng dòng lệnh:',
    noBuild: 'Trang này chưa có mã kiểm tra (ứng dụng web chưa được dựng). Hãy kiểm tra bằng dòng lệnh:',
  },
  script: {
    genuine: 'Biên nhận thật',
    genuineWhy:
      'Chữ ký của bưu điện và đường kiểm chứng Merkle đều khớp: nội dung dưới đây đúng như đã ghi sổ.',
    forged: 'Biên nhận không hợp lệ',
    failed: 'Bước kiểm tra không đạt',
    checking: 'Đang kiểm tra…',
    checks: {
      qr: 'mã QR (base45, giải nén)',
      format: 'dạng biên nhận',
      event_hash: 'mã băm của sự kiện',
      cell: 'phân hệ của điểm kiểm',
      inclusion: 'đường kiểm chứng Merkle',
      checkpoint_key: 'khóa ký của bưu điện',
      checkpoint_signature: 'chữ ký điểm kiểm (Ed25519)',
      claims: 'nội dung in trên biên nhận',
    },
    reasons: {
      qr: 'Mã QR bị cắt ngắn hoặc bị sửa.',
      format: 'Đây không phải biên nhận của bưu điện.',
      event_hash: 'Một trường của sự kiện đã bị sửa.',
      cell: 'Điểm kiểm thuộc phân hệ khác.',
      inclusion: 'Sự kiện không nằm trong cây Merkle đã ký.',
      checkpoint_key: 'Điểm kiểm được ký bằng một khóa không phải của bưu điện.',
      checkpoint_signature: 'Chữ ký không khớp: kích thước, gốc hoặc thời điểm đã bị sửa.',
      claims: 'Điều in trên biên nhận khác điều đã ký.',
    },
    what: 'Nội dung',
    amount: 'Số tiền',
    at: 'Thời điểm',
    office: 'Bưu cục',
    recipient: 'Người nhận tiền',
    receiptId: 'Số biên nhận',
    entry: 'Bút toán',
    detail: 'Chi tiết kỹ thuật',
    types: {
      'finance.pension.line_paid': 'Chi trả lương hưu',
    } as Record<string, string>,
    noKey: 'Không tải được khóa công khai của bưu điện; hãy mở lại trang khi có mạng.',
  },
  error: 'Đã có lỗi',
};

export type Strings = Shape<typeof vi>;
type Shape<T> = {
  [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...a: never[]) => string
      ? T[K]
      : T[K] extends Record<string, string>
        ? Record<keyof T[K], string>
        : Shape<T[K]>;
};

const en: Strings = {
  lang: 'en',
  site: 'Vietnam Post',
  nav: { track: 'Track an item', offices: 'Find a post office', receipt: 'Check a receipt' },
  toggle: { label: 'Tiếng Việt', lang: 'vi', title: 'Chuyển sang tiếng Việt' },
  track: {
    title: 'Track an item',
    label: 'Item ids',
    hint: 'One or more ids (at most 20), separated by spaces, commas or new lines, such as EE123456785VN.',
    submit: 'Track',
    tooMany: (n, max) => `You entered ${n} ids; at most ${max} can be tracked at a time.`,
    service: 'Service',
    status: 'Status',
    destination: 'To',
    recipient: 'Recipient',
    when: 'When',
    event: 'Event',
    where: 'Where',
    reason: 'Reason',
    noEvents: 'No events yet.',
    statuses: {
      announced: 'Announced',
      at_office: 'At a post office',
      in_transit: 'In transit',
      at_centre: 'At a sorting centre',
      out_for_delivery: 'Out for delivery',
      held: 'Held for collection',
      delivered: 'Delivered',
      returned: 'Returned to sender',
    },
  },
  offices: {
    title: 'Find a post office',
    label: 'Commune, ward or postcode',
    hint: 'A commune or ward name, with or without accents (such as “ba dinh”), or a 5-digit postcode (such as 01100).',
    submit: 'Find',
    none: (q) => `No post office found for “${q}”.`,
    found: (n) => `${n} post office${n === 1 ? '' : 's'}`,
    address: 'Address',
    phone: 'Phone',
    hours: 'Opening hours',
    postcode: 'Postcode',
    closed: 'Closed',
  },
  receipt: {
    title: 'Check a receipt',
    label: 'The QR code’s text or the receipt (JSON)',
    hint: 'Scan the receipt’s QR code into this box, or paste its text (starting with PC1:) or the receipt’s JSON file. The check runs on your own device, without the network.',
    submit: 'Check',
    noScript:
      'The receipt check runs in the browser and needs JavaScript. Cannot turn JavaScript on? Check it on the command line:',
    noBuild: 'This page has no check script (the web app is not built). Check it on the command line:',
  },
  script: {
    genuine: 'Genuine receipt',
    genuineWhy:
      'The post’s signature and the Merkle audit path both hold: what follows is exactly what was recorded.',
    forged: 'Not a genuine receipt',
    failed: 'Check that failed',
    checking: 'Checking…',
    checks: {
      qr: 'the QR code (base45, inflate)',
      format: 'the receipt’s form',
      event_hash: 'the event’s hash',
      cell: 'the checkpoint’s cell',
      inclusion: 'the Merkle audit path',
      checkpoint_key: 'the post’s signing key',
      checkpoint_signature: 'the checkpoint’s signature (Ed25519)',
      claims: 'what the receipt states',
    },
    reasons: {
      qr: 'The QR text was cut short or changed.',
      format: 'This is not a receipt of the post.',
      event_hash: 'A field of the event was changed.',
      cell: 'The checkpoint belongs to another cell.',
      inclusion: 'The event is not in the signed Merkle tree.',
      checkpoint_key: 'The checkpoint is signed by a key that is not the post’s.',
      checkpoint_signature: 'The signature does not hold: the size, root or time was changed.',
      claims: 'What the receipt states differs from what was signed.',
    },
    what: 'What',
    amount: 'Amount',
    at: 'When',
    office: 'Office',
    recipient: 'Paid to',
    receiptId: 'Receipt',
    entry: 'Journal entry',
    detail: 'Technical detail',
    types: {
      'finance.pension.line_paid': 'Pension payout',
    },
    noKey: 'The post’s public key could not be loaded: open the page again when online.',
  },
  error: 'Something went wrong',
};

/** The page's words in a language. */
export function stringsOf(lang: Lang): Strings {
  return lang === 'en' ? en : vi;
}

export type Lang = 'vi' | 'en';
