import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { brandVariables } from '../../branding/livePreview'
import { brandingOf, deferred, demoTenant, jsonResponse, meAs, pngBytes, routeFetch } from '../../test-support/fixtures'
import { chooseFile, mountRoute } from '../../test-support/mount'

const root = document.documentElement
const cssVariable = (name: string) => root.style.getPropertyValue(name)

afterEach(() => {
  document.body.innerHTML = ''
  brandVariables.forEach((name) => root.style.removeProperty(name))
  document.head.querySelectorAll('link[rel~="icon"]').forEach((link) => link.remove())
})

function serve(extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({ 'GET /api/v1/tenant/branding': () => jsonResponse(brandingOf()), ...extra })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function openBranding() {
  const mounted = await mountRoute('/configuracion/marca', { me: meAs('admin') })
  await flushPromises()
  return mounted
}

async function typeHex(wrapper: Awaited<ReturnType<typeof openBranding>>['wrapper'], field: string, value: string) {
  await wrapper.get(`[data-testid="colour-${field}"] [data-role="hex"]`).setValue(value)
  await flushPromises()
}

describe('BrandingPage', () => {
  it('shows a loading state, then the saved branding in the form', async () => {
    const answer = deferred<Response>()
    vi.stubGlobal('fetch', vi.fn().mockReturnValue(answer.promise))

    const { wrapper } = await mountRoute('/configuracion/marca', { me: meAs('admin') })
    expect(wrapper.find('[data-testid="loading"]').exists()).toBe(true)

    answer.resolve(jsonResponse(brandingOf()))
    await flushPromises()

    expect((wrapper.get('[data-testid="branding-name"]').element as HTMLInputElement).value).toBe('Mall Barrio Independencia')
    expect((wrapper.get('[data-testid="colour-primary"] [data-role="hex"]').element as HTMLInputElement).value).toBe('#E91E63')
    expect(wrapper.get('[data-testid="branding-save"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="timezone-picker"] select').findAll('option')[0]!.text()).toBe('America/Santiago')
  })

  it('offers a retry when the branding cannot be loaded', async () => {
    let calls = 0
    serve({
      'GET /api/v1/tenant/branding': () =>
        ++calls === 1 ? jsonResponse({ error: { code: 'internal_error', message: 'x' } }, 500) : jsonResponse(brandingOf()),
    })
    const { wrapper } = await openBranding()

    expect(wrapper.get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar la marca.')
    await wrapper.get('[data-testid="load-failed"] button').trigger('click')
    await flushPromises()

    expect(wrapper.find('[data-testid="branding-form"]').exists()).toBe(true)
  })

  it('previews unsaved colours on the whole page and in the preview card', async () => {
    serve()
    const { wrapper } = await openBranding()

    await typeHex(wrapper, 'primary', '#0e7c66')

    expect(cssVariable('--mf-primary')).toBe('#0E7C66')
    expect(cssVariable('--mf-on-primary')).toBe('#FFFFFF')
    expect(wrapper.get('[data-testid="brand-preview-button"]').attributes('style')).toContain('background-color: #0E7C66')
    expect(wrapper.find('[data-testid="preview-active"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="branding-dirty"]').text()).toBe('Tienes cambios sin guardar.')
  })

  it('puts the page back when the changes are discarded', async () => {
    serve()
    const { wrapper } = await openBranding()
    await typeHex(wrapper, 'primary', '#0E7C66')

    await wrapper.get('[data-testid="branding-discard"]').trigger('click')
    await flushPromises()

    brandVariables.forEach((name) => expect(cssVariable(name)).toBe(''))
    expect((wrapper.get('[data-testid="colour-primary"] [data-role="hex"]').element as HTMLInputElement).value).toBe('#E91E63')
  })

  it('puts the page back when the admin leaves without saving', async () => {
    serve()
    const { wrapper, router } = await openBranding()
    await typeHex(wrapper, 'secondary', '#FACC15')
    expect(cssVariable('--mf-secondary')).toBe('#FACC15')

    await router.push('/')
    await flushPromises()

    brandVariables.forEach((name) => expect(cssVariable(name)).toBe(''))
  })

  it('does not preview a colour that is not valid yet', async () => {
    serve()
    const { wrapper } = await openBranding()

    await typeHex(wrapper, 'primary', '#0E7C')

    expect(cssVariable('--mf-primary')).toBe('')
    expect(wrapper.get('[data-testid="colour-primary"]').text()).toContain('Usa un color en formato #RRGGBB')
  })

  it('saves only what changed and then shows what the server answered', async () => {
    const { calls } = serve({
      'PATCH /api/v1/tenant/branding': () =>
        jsonResponse(brandingOf({ name: 'Mall Barrio', primary_color: '#0E7C66', theme: 'dark' })),
    })
    const { wrapper, tenant, router } = await openBranding()

    await wrapper.get('[data-testid="branding-name"]').setValue('  Mall Barrio  ')
    await typeHex(wrapper, 'primary', '#0e7c66')
    await wrapper.get('input[value="dark"]').setValue(true)
    await wrapper.get('[data-testid="branding-form"]').trigger('submit')
    await flushPromises()

    const patch = calls.find((call) => call.method === 'PATCH')!
    expect(JSON.parse(String(patch.init.body))).toEqual({ name: 'Mall Barrio', primary_color: '#0E7C66', theme: 'dark' })
    expect(wrapper.get('[data-testid="branding-saved"]').text()).toBe('Cambios guardados.')
    expect((wrapper.get('[data-testid="branding-name"]').element as HTMLInputElement).value).toBe('Mall Barrio')
    expect(tenant.config).toMatchObject({ tenant_name: 'Mall Barrio', tenant_primary_color: '#0E7C66', theme: 'dark' })
    expect(root.dataset.theme).toBe('dark')

    // The saved colours stay after leaving the page.
    await router.push('/')
    expect(cssVariable('--mf-primary')).toBe('#0E7C66')
    root.dataset.theme = 'light'
  })

  it('shows the server’s field errors under the fields', async () => {
    serve({
      'PATCH /api/v1/tenant/branding': () =>
        jsonResponse(
          { error: { code: 'invalid_tenant', message: 'x', details: { timezone: 'unknown time zone', name: 'too long' } } },
          422,
        ),
    })
    const { wrapper } = await openBranding()

    await wrapper.get('[data-testid="branding-name"]').setValue('Otro nombre')
    await wrapper.get('[data-testid="branding-form"]').trigger('submit')
    await flushPromises()

    expect(wrapper.get('[data-testid="branding-error"]').text()).toBe('Revisa los campos marcados.')
    expect(wrapper.get('[data-testid="timezone-picker"]').text()).toContain('Elige una zona horaria de la lista.')
    expect(wrapper.text()).toContain('Ingresa un nombre válido.')
    expect(wrapper.text()).not.toContain('unknown time zone')
  })

  it('refuses an empty name without asking the server', async () => {
    const { calls } = serve()
    const { wrapper } = await openBranding()

    await wrapper.get('[data-testid="branding-name"]').setValue('   ')
    await wrapper.get('[data-testid="branding-form"]').trigger('submit')
    await flushPromises()

    expect(wrapper.text()).toContain('Ingresa el nombre del centro comercial.')
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(0)
  })

  it('warns when the primary colour would be hard to see on the page', async () => {
    serve()
    const { wrapper } = await openBranding()
    expect(wrapper.find('[data-testid="accent-warning"]').exists()).toBe(false)
    expect(wrapper.get('[data-contrast="primary"]').text()).toBe('Contraste del texto: 4,8:1')

    await typeHex(wrapper, 'primary', '#FFF59D')

    expect(wrapper.find('[data-testid="accent-warning"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="contrast-warning"]').exists()).toBe(false)
  })

  it('checks a logo before uploading it and does not send a refused file', async () => {
    const { calls } = serve()
    const { wrapper } = await openBranding()

    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'logo.png', { type: 'image/png' })
    await chooseFile(wrapper.get('[data-testid="image-logo-input"]'), svg)
    await flushPromises()

    expect(wrapper.get('[data-testid="image-logo-problem"]').text()).toBe('Ese archivo no es una imagen permitida. Usa PNG, JPEG, WEBP.')
    expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(0)
  })

  it('uploads a logo and shows it in the header at once, with a fresh address', async () => {
    const { calls } = serve({
      'PUT /api/v1/tenant/branding/logo': () => jsonResponse(brandingOf({ custom_logo: true })),
    })
    const { wrapper, tenant } = await openBranding()

    await chooseFile(wrapper.get('[data-testid="image-logo-input"]'), new File([pngBytes], 'logo.png', { type: 'image/png' }))
    await flushPromises()

    const put = calls.find((call) => call.method === 'PUT')!
    const body = put.init.body as FormData
    expect((body.get('file') as File).name).toBe('logo.png')
    expect((put.init.headers as Record<string, string>)['Content-Type']).toBeUndefined()
    expect(tenant.config!.tenant_logo).toMatch(/^\/branding\/logo\?v=\d+$/)
    expect(tenant.config!.tenant_logo).not.toBe(demoTenant.tenant_logo)
    expect(wrapper.get('[data-testid="image-logo-current"]').attributes('src')).toBe(tenant.config!.tenant_logo)
    expect(wrapper.find('[data-testid="image-logo-remove"]').exists()).toBe(true)
  })

  it('points the page’s icon at the new favicon after an upload', async () => {
    serve({ 'PUT /api/v1/tenant/branding/favicon': () => jsonResponse(brandingOf({ custom_favicon: true })) })
    const { wrapper } = await openBranding()

    await chooseFile(wrapper.get('[data-testid="image-favicon-input"]'), new File([pngBytes], 'icon.png'))
    await flushPromises()

    expect(document.querySelector('link[rel~="icon"]')?.getAttribute('href')).toMatch(/^\/branding\/favicon\?v=\d+$/)
  })

  it('asks before going back to the default logo', async () => {
    const { calls } = serve({
      'GET /api/v1/tenant/branding': () => jsonResponse(brandingOf({ custom_logo: true })),
      'DELETE /api/v1/tenant/branding/logo': () => jsonResponse(brandingOf({ custom_logo: false })),
    })
    const { wrapper } = await openBranding()

    await wrapper.get('[data-testid="image-logo-remove"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('monograma')
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0)

    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1)
    expect(wrapper.find('[data-testid="dialog"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="image-logo-remove"]').exists()).toBe(false)
  })
})
