// base45 (RFC 9285) ships no types: the two functions postcore uses.
declare module 'base45' {
  const base45: {
    encode(data: Uint8Array | string): string;
    decode(text: string): Buffer;
  };
  export default base45;
}
