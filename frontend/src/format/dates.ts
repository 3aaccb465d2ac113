/**
 * formatDateTime shows an RFC 3339 instant as a short date and time in the
 * tenant's time zone, or '' when there is none. A time zone the browser
 * does not know falls back to the browser's own.
 */
export function formatDateTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date)
  } catch {
    return new Intl.DateTimeFormat(locale, options).format(date)
  }
}

/** formatBytes shows a file size like "1,5 MB" or "512 KB" (binary units). */
export function formatBytes(bytes: number, locale: string): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  if (bytes >= 1024 * 1024) return `${number.format(bytes / (1024 * 1024))} MB`
  if (bytes >= 1024) return `${number.format(bytes / 1024)} KB`
  return `${number.format(bytes)} B`
}

/** splitWait turns seconds into whole minutes and the remaining seconds. */
export function splitWait(seconds: number): { minutes: number; seconds: number } {
  const total = Math.max(0, Math.ceil(seconds))
  return { minutes: Math.floor(total / 60), seconds: total % 60 }
}
