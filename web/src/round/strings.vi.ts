// The round screens' strings, Vietnamese (the source language).
export const roundVi = {
  placeholder: 'Đang xây dựng',
};
