import { describe, expect, it } from 'vitest'

import { emptyFilters, filtersFromQuery, filtersToQuery, toApiQuery } from './auditQuery'

describe('audit filters in the address', () => {
  it('round-trips through the route query', () => {
    const filters = { action: 'auth.login', actor: 'ana', from: '2026-12-01', to: '2026-12-03', tenant: 'mallbarrio', page: 3 }
    const query = filtersToQuery(filters)
    expect(query).toEqual({ accion: 'auth.login', actor: 'ana', desde: '2026-12-01', hasta: '2026-12-03', centro: 'mallbarrio', pagina: '3' })
    expect(filtersFromQuery(query as Record<string, string>)).toEqual(filters)
  })

  it('ignores malformed values', () => {
    expect(filtersFromQuery({ desde: 'ayer', hasta: '2026-13', pagina: '-2' })).toEqual(emptyFilters())
  })

  it('asks the API for 50 per page and leaves empty filters out', () => {
    expect(toApiQuery({ ...emptyFilters(), actor: 'ana' })).toEqual({
      action: undefined, actor: 'ana', from: undefined, to: undefined, tenant: undefined, page: 1, per_page: 50,
    })
  })
})
