// The counter screens' strings, Vietnamese (the source language).
export const counterVi = {
  placeholder: 'Đang xây dựng',
};
