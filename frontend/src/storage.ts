/**
 * browserStorage returns localStorage, or undefined where the browser
 * refuses access to it (some privacy modes throw on the property itself).
 */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}
