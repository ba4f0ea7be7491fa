/** A one-time confirmation carried to the next screen ("Peserta sudah ditambahkan"). */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
