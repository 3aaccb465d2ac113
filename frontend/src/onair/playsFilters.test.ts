import { describe, expect, it } from 'vitest'

import { playsExportUrl, playsParams } from '../api/onAir'
import { withQuery } from '../api/client'
import { defaultPlaysFilters, rangeProblem, toPlaysQuery } from './playsFilters'

const queryString = (filters: Parameters<typeof toPlaysQuery>[0]) => withQuery('/api/v1/plays', playsParams(toPlaysQuery(filters)))

describe('plays filters', () => {
  it('open on the last seven days, today included', () => {
    expect(defaultPlaysFilters('2026-12-03')).toEqual({ from: '2026-11-27', to: '2026-12-03', playerId: '', zone: '', source: '', status: '', page: 1 })
    expect(defaultPlaysFilters('2026-03-01').from).toBe('2026-02-23')
  })

  it('become a query with only what was chosen', () => {
    expect(queryString(defaultPlaysFilters('2026-12-03'))).toBe('/api/v1/plays?page=1&per_page=50&from=2026-11-27&to=2026-12-03')
    expect(
      queryString({ from: '2026-12-01', to: '2026-12-07', playerId: '7', zone: 'Nivel 2', source: 'schedule', status: 'missed', page: 3 }),
    ).toBe('/api/v1/plays?page=3&per_page=50&from=2026-12-01&to=2026-12-07&player_id=7&zone=Nivel+2&source=schedule&status=missed')
  })

  it('leave out values the API would refuse', () => {
    const query = toPlaysQuery({ from: '', to: '', playerId: 'abc', zone: '', source: 'radio' as never, status: 'lost' as never, page: 1 })
    expect(query).toEqual({ page: 1, per_page: 50 })
  })

  it('give the CSV link the same filters, without paging', () => {
    const filters = { from: '2026-12-01', to: '2026-12-07', playerId: '7', zone: 'Patio & Terraza', source: 'manual' as const, status: '' as const, page: 4 }
    expect(playsExportUrl(toPlaysQuery(filters))).toBe('/api/v1/plays/export?from=2026-12-01&to=2026-12-07&player_id=7&zone=Patio+%26+Terraza&source=manual')
  })

  it('catch reversed and impossible dates', () => {
    expect(rangeProblem({ from: '2026-12-07', to: '2026-12-01' })).toBe('order')
    expect(rangeProblem({ from: '2026-02-30', to: '' })).toBe('invalid')
    expect(rangeProblem({ from: '2026-12-01', to: '2026-12-01' })).toBe('')
    expect(rangeProblem({ from: '', to: '' })).toBe('')
  })
})
