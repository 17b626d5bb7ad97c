// The API keeps a reference to the proof of a delivery or a home payout (`signature:<id>`, `photo:<sha256>`),
// not the image: the reference is the SHA-256 of the PNG drawn or the photo taken, so the image kept on the
// phone can later be matched to it.

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');

async function sha256(bytes: ArrayBuffer): Promise<string> {
  // crypto.subtle exists only on a secure origin (https, or this machine): elsewhere a random id stands in.
  if (globalThis.crypto?.subtle !== undefined) return hex(await crypto.subtle.digest('SHA-256', bytes));
  const r = new Uint8Array(16);
  crypto.getRandomValues(r);
  return `rnd-${hex(r.buffer)}`;
}

/** `signature:sha256-…` of a drawn signature (a PNG data URL). */
export async function signatureRef(png: string): Promise<string> {
  const bytes = Uint8Array.from(atob(png.slice(png.indexOf(',') + 1)), (c) => c.charCodeAt(0));
  return `signature:sha256-${await sha256(bytes.buffer)}`;
}

/** `photo:sha256-…` of a photo file. */
export async function photoRef(file: File): Promise<string> {
  return `photo:sha256-${await sha256(await file.arrayBuffer())}`;
}
