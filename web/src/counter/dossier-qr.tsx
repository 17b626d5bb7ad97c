// A receipt's QR proof drawn in the page as SVG (no image fetched, nothing inlined as HTML): the code's modules
// from the qrcode library, one path, with the quiet zone a scanner needs.
import QRCode from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import type { Proof } from '../public/receipt-verify.ts';
import { proofQrText } from './dossier-data.ts';

const QUIET = 4;

/** The QR code of a text, `size` pixels wide; its text stays on the element for the help desk and the tests. */
export function QrCode({ text, size, testId }: { text: string; size: number; testId?: string }) {
  const path = useMemo(() => {
    const m = QRCode.create(text, { errorCorrectionLevel: 'L' }).modules;
    let d = '';
    for (let y = 0; y < m.size; y++)
      for (let x = 0; x < m.size; x++)
        if (m.data[y * m.size + x] === 1) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
    return { d, n: m.size + 2 * QUIET };
  }, [text]);
  return (
    <svg
      className="qr"
      role="img"
      viewBox={`0 0 ${path.n} ${path.n}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      data-testid={testId}
      data-text={text}
    >
      <rect width={path.n} height={path.n} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}

/** The text of a proof's QR code, once it is deflated (null until then). */
export function useProofQr(proof: Proof | null): string | null {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    if (proof === null) return setText(null);
    let live = true;
    void proofQrText(proof).then((t) => live && setText(t));
    return () => {
      live = false;
    };
  }, [proof]);
  return text;
}
