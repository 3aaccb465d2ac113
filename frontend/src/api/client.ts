// The one module that talks to the MediaFlow server. It turns every failure
// into an ApiError with a stable code and translates codes for the user.

import { parseTenantConfig, type TenantConfig } from '../tenant/config'

/** ApiError is a failed request with the server's machine-readable code. */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly details: Record<string, unknown>

  constructor(code: string, status: number, message = code, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.details = details
  }
}

/** Codes produced by this client itself rather than by the server. */
export const clientErrorCodes = {
  network: 'network_error',
  timeout: 'timeout',
  invalidResponse: 'invalid_response',
  unknown: 'unknown',
} as const

export type ErrorLocale = 'es-CL' | 'en'

type ErrorTexts = Record<string, string>

const errorTexts: Record<ErrorLocale, ErrorTexts> = {
  'es-CL': {
    tenant_not_found: 'Esta dirección no corresponde a ningún centro comercial de MediaFlow.',
    tenant_suspended: 'El servicio para este centro comercial está suspendido.',
    not_found: 'No encontramos lo que buscas.',
    invalid_argument: 'Algunos datos no son válidos. Revísalos e inténtalo de nuevo.',
    validation_failed: 'Algunos datos no son válidos. Revísalos e inténtalo de nuevo.',
    bad_request: 'La solicitud no es válida.',
    request_failed: 'No se pudo completar la solicitud.',
    method_not_allowed: 'Esta acción no está permitida aquí.',
    payload_too_large: 'El archivo o los datos enviados son demasiado grandes.',
    unsupported_media_type: 'El tipo de archivo no es compatible.',
    unauthorized: 'Tu acceso expiró. Vuelve a ingresar con tu usuario y contraseña.',
    forbidden: 'No tienes permiso para realizar esta acción.',
    conflict: 'Ya existe un elemento con esos datos.',
    already_exists: 'Ya existe un elemento con esos datos.',
    rate_limited: 'Demasiadas solicitudes. Espera un momento e inténtalo otra vez.',
    internal_error: 'Ocurrió un error en el servidor. Inténtalo más tarde.',
    unavailable: 'El servicio no está disponible en este momento. Inténtalo más tarde.',
    service_unavailable: 'El servicio no está disponible en este momento. Inténtalo más tarde.',
    network_error: 'No pudimos conectarnos con el servidor. Revisa tu conexión.',
    timeout: 'El servidor tardó demasiado en responder.',
    invalid_response: 'El servidor envió una respuesta inesperada.',
    unknown: 'Ocurrió un error inesperado.',
  },
  en: {
    tenant_not_found: 'This address does not belong to any MediaFlow shopping mall.',
    tenant_suspended: 'Service for this shopping mall is suspended.',
    not_found: 'We could not find what you are looking for.',
    invalid_argument: 'Some of the data is not valid. Please check it and try again.',
    validation_failed: 'Some of the data is not valid. Please check it and try again.',
    bad_request: 'The request is not valid.',
    request_failed: 'The request could not be completed.',
    method_not_allowed: 'This action is not allowed here.',
    payload_too_large: 'The file or data you sent is too large.',
    unsupported_media_type: 'This file type is not supported.',
    unauthorized: 'Your sign-in has expired. Please sign in again.',
    forbidden: 'You do not have permission to do this.',
    conflict: 'An item with that data already exists.',
    already_exists: 'An item with that data already exists.',
    rate_limited: 'Too many requests. Please wait a moment and try again.',
    internal_error: 'Something went wrong on the server. Please try again later.',
    unavailable: 'The service is not available right now. Please try again later.',
    service_unavailable: 'The service is not available right now. Please try again later.',
    network_error: 'We could not reach the server. Please check your connection.',
    timeout: 'The server took too long to answer.',
    invalid_response: 'The server sent an unexpected response.',
    unknown: 'An unexpected error occurred.',
  },
}

/** Codes to fall back on when the server's code is one we do not know. */
function codeForStatus(status: number): string {
  if (status === 400) return 'bad_request'
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 405) return 'method_not_allowed'
  if (status === 409) return 'conflict'
  if (status === 413) return 'payload_too_large'
  if (status === 415) return 'unsupported_media_type'
  if (status === 422) return 'validation_failed'
  if (status === 429) return 'rate_limited'
  if (status === 503) return 'unavailable'
  if (status >= 500) return 'internal_error'
  return clientErrorCodes.unknown
}

function errorLocale(locale: string): ErrorLocale {
  return locale.toLowerCase().startsWith('en') ? 'en' : 'es-CL'
}

/**
 * translateError returns the user-facing text for any error, in the given
 * locale. Unknown codes fall back to the HTTP status, then to a generic text.
 */
export function translateError(error: unknown, locale: string): string {
  const texts = errorTexts[errorLocale(locale)]
  if (error instanceof ApiError) {
    return texts[error.code] ?? texts[codeForStatus(error.status)] ?? texts.unknown!
  }
  return texts.unknown!
}

const requestTimeoutMs = 15_000

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** errorFromBody reads the server's {"error":{code,message,details}} shape. */
function errorFromBody(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null
  if (error && typeof error.code === 'string' && error.code) {
    const message = typeof error.message === 'string' ? error.message : error.code
    const details = isRecord(error.details) ? error.details : {}
    return new ApiError(error.code, status, message, details)
  }
  return new ApiError(codeForStatus(status), status, `HTTP ${status}`)
}

interface JsonResponse {
  status: number
  ok: boolean
  body: unknown
}

async function fetchJson(path: string, signal?: AbortSignal): Promise<JsonResponse> {
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(), requestTimeoutMs)
  const onAbort = () => timeout.abort()
  signal?.addEventListener('abort', onAbort)

  let response: Response
  try {
    response = await fetch(path, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      signal: timeout.signal,
    })
  } catch (err) {
    const timedOut = timeout.signal.aborted && !signal?.aborted
    throw new ApiError(timedOut ? clientErrorCodes.timeout : clientErrorCodes.network, 0, String(err))
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }

  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    if (response.ok) throw new ApiError(clientErrorCodes.invalidResponse, response.status)
  }
  return { status: response.status, ok: response.ok, body }
}

/** getJson performs a GET and returns the decoded body of a 2xx answer. */
export async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetchJson(path, signal)
  if (!res.ok) throw errorFromBody(res.status, res.body)
  return res.body
}

/** getTenantConfig fetches the configuration of the tenant behind this host. */
export async function getTenantConfig(signal?: AbortSignal): Promise<TenantConfig> {
  const body = await getJson('/api/v1/config/tenant', signal)
  try {
    return parseTenantConfig(body)
  } catch (err) {
    throw new ApiError(clientErrorCodes.invalidResponse, 200, String(err))
  }
}

export interface ReadinessCheck {
  status: string
}

export interface Readiness {
  status: 'ready' | 'not_ready'
  checks: Record<string, ReadinessCheck>
}

function parseReadiness(body: unknown): Readiness | null {
  if (!isRecord(body)) return null
  if (body.status !== 'ready' && body.status !== 'not_ready') return null

  const checks: Record<string, ReadinessCheck> = {}
  if (isRecord(body.checks)) {
    for (const [name, check] of Object.entries(body.checks)) {
      const status = isRecord(check) && typeof check.status === 'string' ? check.status : 'unknown'
      checks[name] = { status }
    }
  }
  return { status: body.status, checks }
}

/**
 * getReadiness asks the server which of its dependencies work. A not-ready
 * server answers with an error status and the same body, which is a result
 * to show, not a failed request.
 */
export async function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  const res = await fetchJson('/readyz', signal)
  const readiness = parseReadiness(res.body)
  if (readiness) return readiness
  if (!res.ok) throw errorFromBody(res.status, res.body)
  throw new ApiError(clientErrorCodes.invalidResponse, res.status)
}
