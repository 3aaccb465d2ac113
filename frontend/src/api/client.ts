// The one module that talks to the MediaFlow server. It turns every failure
// into an ApiError with a stable code and translates codes for the user.

import { parseTenantConfig, type TenantConfig } from '../tenant/config'

/** ApiError is a failed request with the server's machine-readable code. */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly details: Record<string, unknown>
  /** Seconds to wait before trying again, from a 429's Retry-After header. */
  readonly retryAfter: number | null

  constructor(
    code: string,
    status: number,
    message = code,
    details: Record<string, unknown> = {},
    retryAfter: number | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.details = details
    this.retryAfter = retryAfter
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
    invalid_json: 'La solicitud no es válida.',
    unauthenticated: 'Tu sesión expiró. Vuelve a ingresar.',
    invalid_credentials: 'El correo o la contraseña no son correctos.',
    token_invalid: 'Tu sesión no es válida en este sitio. Vuelve a ingresar.',
    session_revoked: 'Tu sesión fue cerrada. Vuelve a ingresar.',
    csrf_failed: 'No pudimos verificar la solicitud. Recarga la página e inténtalo otra vez.',
    account_disabled: 'Tu cuenta está desactivada. Pide ayuda a un administrador de tu centro comercial.',
    user_not_found: 'Ese usuario ya no existe.',
    api_key_not_found: 'Esa clave de API ya no existe.',
    host_not_found: 'Esa dirección no está asociada a este centro comercial.',
    tenant_exists: 'Ya existe un centro comercial con ese identificador.',
    host_taken: 'Esa dirección ya la usa otro centro comercial.',
    member_exists: 'Esa persona ya es miembro de este centro comercial.',
    file_too_large: 'El archivo es demasiado grande.',
    unsupported_image_type: 'Ese tipo de imagen no está permitido.',
    invalid_tenant: 'Algunos datos del centro comercial no son válidos.',
    invalid_host: 'La dirección no es válida. Usa un nombre como centro.ejemplo.cl.',
    host_reserved: 'Esa dirección está reservada y no se puede usar.',
    last_host: 'Un centro comercial necesita al menos una dirección.',
    invalid_user: 'Algunos datos del usuario no son válidos.',
    weak_password: 'La contraseña es demasiado débil. Usa una más larga y difícil de adivinar.',
    invalid_role: 'Ese rol no existe.',
    file_empty: 'El archivo está vacío.',
    image_corrupt: 'La imagen está dañada o incompleta.',
    last_admin: 'Debe quedar al menos un administrador activo.',
    nothing_to_update: 'No hay cambios que guardar.',
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
    invalid_message: 'El mensaje no se puede generar así. Revisa los campos marcados.',
    message_not_found: 'Ese mensaje ya no existe.',
    voice_not_found: 'Esa voz ya no existe.',
    sound_not_found: 'Ese sonido ya no existe.',
    category_not_found: 'Esa categoría ya no existe.',
    audio_not_ready: 'El audio todavía no está listo.',
    audio_unreadable: 'No pudimos leer ese archivo de audio.',
    audio_no_stream: 'El archivo no contiene audio.',
    audio_truncated: 'El archivo de audio está incompleto.',
    render_failed: 'No pudimos generar el audio. Inténtalo otra vez.',
    render_timeout: 'La generación del audio tardó demasiado. Inténtalo otra vez.',
    ffmpeg_missing: 'El servidor no tiene instalado el procesador de audio.',
    tts_auth_failed: 'El proveedor de voces rechazó las credenciales del centro comercial.',
    tts_engine_missing: 'La voz elegida no está instalada en el servidor.',
    tts_failed: 'La voz no pudo leer el mensaje. Inténtalo otra vez.',
    tts_provider_unavailable: 'El proveedor de voces no está disponible. Inténtalo más tarde.',
    tts_quota_exceeded: 'Se agotó la cuota del proveedor de voces.',
    tts_rate_limited: 'El proveedor de voces recibió demasiadas solicitudes. Espera un momento.',
    tts_text_invalid: 'La voz no puede leer este texto. Revísalo.',
    tts_text_too_long: 'El texto es demasiado largo para la voz.',
    tts_unavailable: 'Las voces no están disponibles en este momento.',
    tts_voice_not_found: 'El proveedor ya no ofrece la voz elegida.',
    audio_too_long: 'El audio es demasiado largo.',
    audio_empty: 'El archivo de audio no tiene sonido.',
    invalid_voice: 'La voz tiene datos no válidos. Revisa los campos marcados.',
    invalid_sound: 'El sonido tiene datos no válidos. Revisa los campos marcados.',
    invalid_kind: 'Elige si es una música de fondo o una cortina.',
    invalid_category: 'La categoría tiene datos no válidos. Revisa los campos marcados.',
    invalid_settings: 'Los ajustes de audio tienen valores no válidos. Revisa los campos marcados.',
    invalid_text: 'Revisa el texto.',
    unknown: 'Ocurrió un error inesperado.',
  },
  en: {
    tenant_not_found: 'This address does not belong to any MediaFlow shopping mall.',
    tenant_suspended: 'Service for this shopping mall is suspended.',
    not_found: 'We could not find what you are looking for.',
    invalid_argument: 'Some of the data is not valid. Please check it and try again.',
    validation_failed: 'Some of the data is not valid. Please check it and try again.',
    bad_request: 'The request is not valid.',
    invalid_json: 'The request is not valid.',
    unauthenticated: 'Your session has expired. Please sign in again.',
    invalid_credentials: 'The email or password is not correct.',
    token_invalid: 'Your session is not valid on this site. Please sign in again.',
    session_revoked: 'Your session was ended. Please sign in again.',
    csrf_failed: 'We could not verify the request. Reload the page and try again.',
    account_disabled: 'Your account is disabled. Ask an administrator of your mall for help.',
    user_not_found: 'That user no longer exists.',
    api_key_not_found: 'That API key no longer exists.',
    host_not_found: 'That address is not linked to this mall.',
    tenant_exists: 'A mall with that identifier already exists.',
    host_taken: 'Another mall already uses that address.',
    member_exists: 'That person is already a member of this mall.',
    file_too_large: 'The file is too large.',
    unsupported_image_type: 'That image type is not allowed.',
    invalid_tenant: 'Some of the mall details are not valid.',
    invalid_host: 'The address is not valid. Use a name like mall.example.com.',
    host_reserved: 'That address is reserved and cannot be used.',
    last_host: 'A mall needs at least one address.',
    invalid_user: 'Some of the user details are not valid.',
    weak_password: 'The password is too weak. Use a longer one that is hard to guess.',
    invalid_role: 'That role does not exist.',
    file_empty: 'The file is empty.',
    image_corrupt: 'The image is damaged or incomplete.',
    last_admin: 'At least one active administrator must remain.',
    nothing_to_update: 'There are no changes to save.',
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
    invalid_message: 'The message cannot be generated like this. Check the marked fields.',
    message_not_found: 'That message no longer exists.',
    voice_not_found: 'That voice no longer exists.',
    sound_not_found: 'That sound no longer exists.',
    category_not_found: 'That category no longer exists.',
    audio_not_ready: 'The audio is not ready yet.',
    audio_unreadable: 'We could not read that audio file.',
    audio_no_stream: 'The file contains no audio.',
    audio_truncated: 'The audio file is incomplete.',
    render_failed: 'We could not generate the audio. Please try again.',
    render_timeout: 'Generating the audio took too long. Please try again.',
    ffmpeg_missing: 'The server does not have the audio processor installed.',
    tts_auth_failed: 'The voice provider refused the mall’s credentials.',
    tts_engine_missing: 'The chosen voice is not installed on the server.',
    tts_failed: 'The voice could not read the message. Please try again.',
    tts_provider_unavailable: 'The voice provider is not available. Please try again later.',
    tts_quota_exceeded: 'The voice provider’s quota is used up.',
    tts_rate_limited: 'The voice provider got too many requests. Please wait a moment.',
    tts_text_invalid: 'The voice cannot read this text. Please check it.',
    tts_text_too_long: 'The text is too long for the voice.',
    tts_unavailable: 'Voices are not available right now.',
    tts_voice_not_found: 'The provider no longer offers the chosen voice.',
    audio_too_long: 'The audio is too long.',
    audio_empty: 'The audio file has no sound.',
    invalid_voice: 'The voice has invalid values. Check the marked fields.',
    invalid_sound: 'The sound has invalid values. Check the marked fields.',
    invalid_kind: 'Choose whether it is background music or a chime.',
    invalid_category: 'The category has invalid values. Check the marked fields.',
    invalid_settings: 'The audio settings have invalid values. Check the marked fields.',
    invalid_text: 'Check the text.',
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

/** parseRetryAfter reads a Retry-After header: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, Math.ceil((date - now) / 1000))
}

/** errorFromBody reads the server's {"error":{code,message,details}} shape. */
function errorFromBody(status: number, body: unknown, headers?: Headers): ApiError {
  const retryAfter = parseRetryAfter(headers?.get('Retry-After') ?? null)
  const error = isRecord(body) && isRecord(body.error) ? body.error : null
  if (error && typeof error.code === 'string' && error.code) {
    const message = typeof error.message === 'string' ? error.message : error.code
    const details = isRecord(error.details) ? error.details : {}
    return new ApiError(error.code, status, message, details, retryAfter)
  }
  return new ApiError(codeForStatus(status), status, `HTTP ${status}`, {}, retryAfter)
}

interface JsonResponse {
  status: number
  ok: boolean
  body: unknown
  headers: Headers
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The cookie the server sets for the double-submit CSRF check. */
export const csrfCookieName = 'mf_csrf'

// The token from the last sign-in or refresh answer, used only when the
// cookie cannot be read.
let rememberedCsrfToken = ''

/** csrfToken returns the mf_csrf cookie's value, or the last one the server sent. */
export function csrfToken(doc: Document = document): string {
  for (const part of doc.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === csrfCookieName) {
      try {
        return decodeURIComponent(rest.join('='))
      } catch {
        return rest.join('=')
      }
    }
  }
  return rememberedCsrfToken
}

/** rememberCsrfToken keeps the csrf_token of a Session answer. */
export function rememberCsrfToken(body: unknown) {
  if (isRecord(body) && typeof body.csrf_token === 'string') rememberedCsrfToken = body.csrf_token
}

type RequestBody = FormData | Blob | Record<string, unknown> | unknown[] | undefined

async function fetchJson(
  path: string,
  signal?: AbortSignal,
  method = 'GET',
  body?: RequestBody,
): Promise<JsonResponse> {
  const timeout = new AbortController()
  const timer = setTimeout(() => timeout.abort(), requestTimeoutMs)
  const onAbort = () => timeout.abort()
  signal?.addEventListener('abort', onAbort)

  const headers: Record<string, string> = { Accept: 'application/json' }
  let payload: BodyInit | undefined
  if (body instanceof FormData || body instanceof Blob) {
    payload = body
  } else if (body !== undefined) {
    payload = JSON.stringify(body)
    headers['Content-Type'] = 'application/json'
  }
  if (unsafeMethods.has(method)) {
    const token = csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }

  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: payload,
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

  let decoded: unknown = null
  const text = await response.text().catch(() => '')
  if (text.trim()) {
    try {
      decoded = JSON.parse(text)
    } catch {
      if (response.ok) throw new ApiError(clientErrorCodes.invalidResponse, response.status)
    }
  } else if (response.ok && response.status !== 204 && method === 'GET') {
    throw new ApiError(clientErrorCodes.invalidResponse, response.status)
  }
  return { status: response.status, ok: response.ok, body: decoded, headers: response.headers }
}

/** getJson performs a GET and returns the decoded body of a 2xx answer. */
export async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const res = await fetchJson(path, signal)
  if (!res.ok) throw errorFromBody(res.status, res.body, res.headers)
  return res.body
}

// ---------------------------------------------------------------------------
// Signed-in requests

/** 401 codes after which a refreshed access token may succeed. */
const refreshableCodes = new Set(['unauthenticated', 'token_invalid'])

export const refreshPath = '/api/v1/auth/refresh'

let refreshing: Promise<boolean> | null = null

/**
 * refreshSession asks for a new access token with the refresh cookie. Callers
 * that fail at the same time share one refresh: the refresh token rotates on
 * every use, and presenting it twice would revoke the whole session.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetchJson(refreshPath, undefined, 'POST')
    .then((res) => {
      if (res.ok) rememberCsrfToken(res.body)
      return res.ok
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null
    })
  return refreshing
}

type SessionExpiredHandler = (error: ApiError) => void

let sessionExpired: SessionExpiredHandler | null = null

/**
 * onSessionExpired registers what happens when a request is refused because
 * the visitor is no longer signed in and a refresh did not help: the app
 * forgets the session and shows the sign-in page. Returns an unregister function.
 */
export function onSessionExpired(handler: SessionExpiredHandler): () => void {
  sessionExpired = handler
  return () => {
    if (sessionExpired === handler) sessionExpired = null
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | null | undefined>
  body?: RequestBody
  signal?: AbortSignal
  /** false for sign-in and similar calls, whose 401 is an answer, not an expired session. */
  refresh?: boolean
  /** false when a 401 should not send the visitor to the sign-in page. */
  redirect?: boolean
}

/** withQuery appends the non-empty query parameters to path. */
export function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

/**
 * apiRequest sends a request with the session cookies (and the CSRF header on
 * unsafe methods). When the access token has expired it refreshes the session
 * once and replays the request; when that is not possible it reports the
 * expired session and rejects with the error.
 */
export async function apiRequest<T = unknown>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const url = withQuery(path, options.query)
  const send = () => fetchJson(url, options.signal, method, options.body)

  let res = await send()
  if (res.status === 401 && options.refresh !== false) {
    const error = errorFromBody(res.status, res.body, res.headers)
    if (refreshableCodes.has(error.code) && (await refreshSession())) res = await send()
  }
  if (res.ok) return res.body as T

  const error = errorFromBody(res.status, res.body, res.headers)
  if (error.status === 401 && options.redirect !== false && error.code !== 'invalid_credentials') {
    sessionExpired?.(error)
  }
  throw error
}

/**
 * apiBlob sends a request like apiRequest (session cookies, CSRF header, one
 * refresh on an expired token) for a route that answers with a file, such
 * as audio, and returns the body as a Blob.
 */
export async function apiBlob(method: string, path: string, body?: Record<string, unknown>): Promise<Blob> {
  const send = async () => {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (unsafeMethods.has(method)) {
      const token = csrfToken()
      if (token) headers['X-CSRF-Token'] = token
    }
    try {
      return await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        signal: AbortSignal.timeout(requestTimeoutMs * 4),
      })
    } catch (err) {
      throw new ApiError(clientErrorCodes.network, 0, String(err))
    }
  }
  const errorOf = async (res: Response) => {
    let decoded: unknown = null
    try {
      decoded = JSON.parse(await res.text())
    } catch {
      decoded = null
    }
    return errorFromBody(res.status, decoded, res.headers)
  }

  let res = await send()
  if (res.status === 401) {
    const error = await errorOf(res)
    if (!refreshableCodes.has(error.code) || !(await refreshSession())) {
      sessionExpired?.(error)
      throw error
    }
    res = await send()
  }
  if (!res.ok) {
    const error = await errorOf(res)
    if (error.status === 401) sessionExpired?.(error)
    throw error
  }
  return res.blob()
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: RequestBody, options?: RequestOptions) =>
    apiRequest<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: RequestBody, options?: RequestOptions) =>
    apiRequest<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: RequestBody, options?: RequestOptions) =>
    apiRequest<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
}

/** expectItems returns body.items when it is a list, or fails as an invalid response. */
export function expectItems<T>(body: unknown): T[] {
  if (isRecord(body) && Array.isArray(body.items)) return body.items as T[]
  throw new ApiError(clientErrorCodes.invalidResponse, 200, 'expected {"items": [...]}')
}

/** expectRecord returns body when it is a JSON object, or fails as an invalid response. */
export function expectRecord<T>(body: unknown): T {
  if (isRecord(body)) return body as T
  throw new ApiError(clientErrorCodes.invalidResponse, 200, 'expected a JSON object')
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
  if (!res.ok) throw errorFromBody(res.status, res.body, res.headers)
  throw new ApiError(clientErrorCodes.invalidResponse, res.status)
}

/** UploadProgress reports how much of a request body has been sent. */
export type UploadProgress = (sent: number, total: number) => void

/**
 * apiUpload sends a multipart form like apiRequest (session cookies, CSRF
 * header, one refresh on an expired token) and reports upload progress. It
 * uses XMLHttpRequest because fetch cannot observe a request body being sent.
 */
export async function apiUpload<T = unknown>(path: string, form: FormData, onProgress?: UploadProgress): Promise<T> {
  const send = () =>
    new Promise<{ status: number; body: unknown; headers: Headers }>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', path)
      xhr.withCredentials = true
      xhr.setRequestHeader('Accept', 'application/json')
      const token = csrfToken()
      if (token) xhr.setRequestHeader('X-CSRF-Token', token)
      xhr.timeout = requestTimeoutMs * 8
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress?.(event.loaded, event.total)
      }
      xhr.onload = () => {
        let body: unknown = null
        const text = typeof xhr.responseText === 'string' ? xhr.responseText : ''
        if (text.trim()) {
          try {
            body = JSON.parse(text)
          } catch {
            body = null
          }
        }
        const headers = new Headers()
        const retryAfter = xhr.getResponseHeader('Retry-After')
        if (retryAfter) headers.set('Retry-After', retryAfter)
        resolve({ status: xhr.status, body, headers })
      }
      xhr.onerror = () => reject(new ApiError(clientErrorCodes.network, 0, 'upload failed'))
      xhr.ontimeout = () => reject(new ApiError(clientErrorCodes.timeout, 0, 'upload timed out'))
      xhr.send(form)
    })

  let res = await send()
  if (res.status === 401) {
    const error = errorFromBody(res.status, res.body, res.headers)
    if (refreshableCodes.has(error.code) && (await refreshSession())) res = await send()
  }
  if (res.status >= 200 && res.status < 300) {
    if (!isRecord(res.body)) throw new ApiError(clientErrorCodes.invalidResponse, res.status)
    return res.body as T
  }
  const error = errorFromBody(res.status, res.body, res.headers)
  if (error.status === 401) sessionExpired?.(error)
  throw error
}
