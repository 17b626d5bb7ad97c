// The recipient signs on the phone's screen with a finger (or a mouse): pointer events draw on a canvas,
// and the drawing is handed up as a PNG data URL once a stroke ends.
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../ui/i18n.ts';

const WIDTH = 340;
const HEIGHT = 150;

/** A signature box: `onChange` gets the PNG data URL after each stroke, or null when cleared. */
export function SignaturePad({ onChange }: { onChange: (png: string | null) => void }) {
  const { t } = useT();
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [inked, setInked] = useState(false);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx === null || ctx === undefined) return;
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#0b1f4d';
  }, []);

  // The canvas is drawn at a fixed size and shown at the screen's width: map the pointer back to it.
  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * WIDTH) / r.width, y: ((e.clientY - r.top) * HEIGHT) / r.height };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    last.current = at(e);
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const from = last.current;
    const ctx = canvas.current?.getContext('2d');
    if (from === null || ctx === null || ctx === undefined) return;
    const to = at(e);
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last.current = to;
    if (!inked) setInked(true);
  };
  const up = () => {
    if (last.current === null) return;
    last.current = null;
    if (inked && canvas.current !== null) onChange(canvas.current.toDataURL('image/png'));
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
    setInked(false);
    onChange(null);
  };

  return (
    <div className="field signature">
      <label htmlFor={id}>{t('round.signature.label')}</label>
      <canvas
        id={id}
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        className="signature-pad"
        data-testid="signature-pad"
        data-inked={inked ? 'yes' : 'no'}
        aria-label={t('round.signature.label')}
        aria-describedby={`${id}-hint`}
        role="img"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={up}
      />
      <small id={`${id}-hint`} className="hint">
        {inked ? t('round.signature.hint') : t('round.signature.empty')}
      </small>
      <button type="button" onClick={clear} disabled={!inked}>
        {t('round.signature.clear')}
      </button>
    </div>
  );
}
