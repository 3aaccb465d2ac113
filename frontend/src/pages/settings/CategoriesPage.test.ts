import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { Category } from '../../api/studio'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const offers: Category = { id: 1, name: 'Ofertas', icon: '🏷️', color: '#E91E63', order: 2 }
const safety: Category = { id: 2, name: 'Seguridad', icon: '', color: '', order: 1 }

function serve(items: Category[], extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({ 'GET /api/v1/categories': () => jsonResponse({ items }), ...extra })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(role = 'editor') {
  const mounted = await mountRoute('/configuracion/categorias', { me: meAs(role) })
  await flushPromises()
  return mounted.wrapper
}

describe('CategoriesPage', () => {
  it('lists categories by position, with colour and icon', async () => {
    serve([offers, safety])
    const wrapper = await open()
    expect(wrapper.findAll('tbody tr').map((row) => row.attributes('data-category'))).toEqual(['Seguridad', 'Ofertas'])
    expect(wrapper.get('[data-category="Ofertas"]').text()).toContain('#E91E63')
    expect(wrapper.get('[data-category="Seguridad"]').text()).toContain('Sin color')
  })

  it('shows empty and error states', async () => {
    serve([])
    expect((await open()).get('[data-testid="empty-state"]').text()).toContain('Todavía no hay categorías')
    document.body.innerHTML = ''
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/categories': () => jsonResponse({ error: { code: 'internal_error' } }, 500) }).fetchMock)
    expect((await open()).get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar las categorías.')
  })

  it('creates a category', async () => {
    const stub = serve([], { 'POST /api/v1/categories': (init) => jsonResponse({ id: 5, ...JSON.parse(String(init.body)) }, 201) })
    const wrapper = await open()
    await wrapper.get('[data-testid="category-add"]').trigger('click')
    await wrapper.get('[data-testid="category-name"]').setValue(' Servicios ')
    await wrapper.get('[data-testid="category-icon"]').setValue('🛎️')
    await wrapper.get('[data-testid="category-color"]').setValue('#00aa55')
    await wrapper.get('[data-testid="category-order"]').setValue('3')
    await wrapper.get('[data-testid="category-form"]').trigger('submit')
    await flushPromises()

    expect(JSON.parse(String(stub.calls.find((c) => c.method === 'POST')!.init.body))).toEqual({
      name: 'Servicios', icon: '🛎️', color: '#00AA55', order: 3,
    })
    expect(wrapper.get('[data-testid="categories-notice"]').text()).toBe('Creamos la categoría Servicios.')
    expect(wrapper.find('[data-category="Servicios"]').exists()).toBe(true)
  })

  it('checks the colour before sending and shows server field errors', async () => {
    const stub = serve([offers], {
      'PATCH /api/v1/categories/1': () => jsonResponse({ error: { code: 'invalid_category', message: 'x', details: { name: 'must have 1 to 100 characters' } } }, 422),
    })
    const wrapper = await open()
    await wrapper.get('[data-category="Ofertas"] [data-testid="category-edit"]').trigger('click')
    expect((wrapper.get('[data-testid="category-name"]').element as HTMLInputElement).value).toBe('Ofertas')
    await wrapper.get('[data-testid="category-color"]').setValue('rojo')
    await wrapper.get('[data-testid="category-form"]').trigger('submit')
    await flushPromises()
    expect(stub.calls.some((c) => c.method === 'PATCH')).toBe(false)
    expect(wrapper.get('[data-testid="category-form"]').text()).toContain('Usa un color en formato #RRGGBB.')

    await wrapper.get('[data-testid="category-color"]').setValue('#112233')
    await wrapper.get('[data-testid="category-form"]').trigger('submit')
    await flushPromises()
    expect(JSON.parse(String(stub.calls.find((c) => c.method === 'PATCH')!.init.body))).toEqual({ ...offers, id: undefined, color: '#112233' })
    expect(wrapper.get('[data-testid="category-form"]').text()).toContain('Ingresa un nombre válido.')
    expect(wrapper.text()).not.toContain('must have')
  })

  it('deletes a category after confirmation', async () => {
    const stub = serve([offers, safety], { 'DELETE /api/v1/categories/1': () => new Response(null, { status: 204 }) })
    const wrapper = await open()
    await wrapper.get('[data-category="Ofertas"] [data-testid="category-delete"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('Los mensajes de Ofertas quedarán sin categoría')
    expect(stub.calls.some((c) => c.method === 'DELETE')).toBe(false)
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-category="Ofertas"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="categories-notice"]').text()).toBe('Eliminamos la categoría Ofertas.')
  })
})
