/** Plot size and colours shared by every line page, so each library draws the same picture. */
export const WIDTH = 1200;
export const HEIGHT = 400;
export const COLORS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#000000',
  '#999999',
  '#882255',
];
