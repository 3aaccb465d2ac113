// Formats for audio measurements.

/** formatDuration turns seconds into m:ss. */
export function formatDuration(seconds: number | null | undefined): string {
  const total = Math.max(0, Math.round(Number(seconds) || 0))
  const minutes = Math.floor(total / 60)
  return `${minutes}:${String(total % 60).padStart(2, '0')}`
}

/** formatDecibels prints a loudness or peak with one decimal in the locale. */
export function formatDecibels(value: number | null | undefined, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Number(value) || 0)
}
