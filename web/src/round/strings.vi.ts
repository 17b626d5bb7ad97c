// The round screens' strings, Vietnamese (the source language).
export const roundVi = {
  title: 'Chuyến phát hôm nay',
};
