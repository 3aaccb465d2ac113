import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { AuditEntry } from '../../api/audit'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
})

const entry = (id: number, action: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id, at: '2026-12-03T18:00:00Z', tenant_id: 'demo', actor: 'ana@mallbarrio.test', action,
  target: 'eva@mallbarrio.test', ip: '10.0.0.7', details: {}, ...extra,
})

function serve(total = 2, items = [entry(1, 'user.role_changed', { details: { from: 'editor', to: 'viewer' } }), entry(2, 'auth.login_failed')]) {
  const stub = routeFetch({
    'GET /api/v1/audit': (_init, url) =>
      jsonResponse({ items, total, page: Number(url.searchParams.get('page') ?? 1), per_page: 50 }),
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function openAudit(path = '/configuracion/actividad', locale: 'es-CL' | 'en' = 'es-CL') {
  const mounted = await mountRoute(path, { me: meAs('admin'), locale })
  await flushPromises()
  return mounted
}

describe('AuditPage', () => {
  it('shows entries with readable action names', async () => {
    serve()
    const { wrapper } = await openAudit()

    const names = wrapper.findAll('[data-testid="audit-action-name"]').map((cell) => cell.text())
    expect(names).toEqual(['Cambió el rol de un usuario', 'Intento de ingreso fallido'])
    expect(wrapper.get('[data-action="user.role_changed"]').text()).toContain('10.0.0.7')
    expect(wrapper.get('[data-action="user.role_changed"] details').text()).toContain('viewer')
  })

  it('reads action names in English too', async () => {
    serve()
    const { wrapper } = await openAudit('/configuracion/actividad', 'en')
    expect(wrapper.findAll('[data-testid="audit-action-name"]').map((cell) => cell.text())).toEqual([
      'Changed a user’s role',
      'Failed sign-in attempt',
    ])
  })

  it('sends the filters to the API and keeps them in the address', async () => {
    const { calls } = serve()
    const { wrapper, router } = await openAudit()

    await wrapper.get('[data-testid="audit-action"]').setValue('auth.login_failed')
    await wrapper.get('[data-testid="audit-actor"]').setValue(' ana ')
    await wrapper.get('[data-testid="audit-from"]').setValue('2026-12-01')
    await wrapper.get('[data-testid="audit-to"]').setValue('2026-12-03')
    await wrapper.get('[data-testid="audit-filters"]').trigger('submit')
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({ accion: 'auth.login_failed', actor: 'ana', desde: '2026-12-01', hasta: '2026-12-03' })
    const last = calls[calls.length - 1]!.url
    expect(Object.fromEntries(last.searchParams)).toEqual({
      action: 'auth.login_failed', actor: 'ana', from: '2026-12-01', to: '2026-12-03', page: '1', per_page: '50',
    })
  })

  it('starts from the filters in the address', async () => {
    const { calls } = serve()
    const { wrapper } = await openAudit('/configuracion/actividad?accion=branding.updated&pagina=2')

    expect(calls[0]!.url.searchParams.get('action')).toBe('branding.updated')
    expect(calls[0]!.url.searchParams.get('page')).toBe('2')
    expect((wrapper.get('[data-testid="audit-action"]').element as HTMLSelectElement).value).toBe('branding.updated')
  })

  it('refuses a date range that ends before it starts', async () => {
    const { calls } = serve()
    const { wrapper } = await openAudit()

    await wrapper.get('[data-testid="audit-from"]').setValue('2026-12-05')
    await wrapper.get('[data-testid="audit-to"]').setValue('2026-12-01')
    await wrapper.get('[data-testid="audit-filters"]').trigger('submit')
    await flushPromises()

    expect(wrapper.text()).toContain('La fecha “desde” debe ser anterior o igual a la fecha “hasta”.')
    expect(calls).toHaveLength(1)
  })

  it('pages through the log', async () => {
    const { calls } = serve(123)
    const { wrapper, router } = await openAudit()

    expect(wrapper.get('[data-testid="pagination-summary"]').text()).toBe('Mostrando 1–50 de 123')
    expect(wrapper.get('[data-testid="pagination-previous"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="pagination-next"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.query.pagina).toBe('2')
    expect(calls[calls.length - 1]!.url.searchParams.get('page')).toBe('2')
    expect(wrapper.get('[data-testid="pagination-summary"]').text()).toBe('Mostrando 51–100 de 123')
  })

  it('tells an empty log from a filter that matches nothing', async () => {
    serve(0, [])
    const { wrapper } = await openAudit()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Todavía no hay actividad')
    document.body.innerHTML = ''

    serve(0, [])
    const filtered = await openAudit('/configuracion/actividad?actor=zzz')
    expect(filtered.wrapper.get('[data-testid="empty-state"]').text()).toContain('Nada coincide con los filtros')
  })

  it('offers only tenant actions in a tenant’s filter', async () => {
    serve()
    const { wrapper } = await openAudit()
    const options = wrapper.findAll('[data-testid="audit-action"] option').map((option) => option.attributes('value'))
    expect(options).toContain('branding.logo_changed')
    expect(options).not.toContain('tenant.suspended')
  })
})
